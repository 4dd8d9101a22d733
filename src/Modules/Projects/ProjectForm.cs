using Microsoft.AspNetCore.Mvc;
using Zumodra.BuildingBlocks;

namespace Zumodra.Projects;

/// <summary>
/// The body of <c>POST /api/projects</c> and <c>PUT /api/projects/{id}</c>. Everything is nullable so that a missing
/// field is reported by name instead of failing deserialization.
/// </summary>
public sealed record ProjectForm(
    string? Title,
    string? Description,
    Guid? CompanyId,
    string? CompanyName,
    string? Category,
    string?[]? Skills,
    decimal? BudgetMin,
    decimal? BudgetMax,
    string? Currency,
    string? Location,
    double? Latitude,
    double? Longitude,
    bool? Remote,
    DateTimeOffset? Deadline,
    long? Version = null,
    string? ContactUrl = null,
    string? ContactEmail = null)
{
    public const int MaxSkills = 30;
    public const int MaxSkillLength = 50;

    public ProblemDetails Validate() => new ValidationErrors()
        .RequireText("title", Title, 200)
        .RequireText("description", Description, 20_000, required: false, multiline: true)
        .RequireText("companyName", CompanyName, 200, required: false)
        .RequireText("category", Category, 100, required: false)
        .RequireText("location", Location, 200, required: false)
        .When(Skills is { Length: > MaxSkills }, "skills", $"'skills' may list at most {MaxSkills} skills.")
        .When(Skills is not null && Skills.Any(s => string.IsNullOrWhiteSpace(s) || s.Trim().Length > MaxSkillLength), "skills",
            $"Each skill must be 1 to {MaxSkillLength} characters.")
        .SafeText("skills", Skills?.FirstOrDefault(s => s is not null && TextRules.ForbiddenCharacter(s) is not null))
        .Range("budgetMin", BudgetMin, "budgetMax", BudgetMax)
        .When(Currency is not null && (Currency.Length != 3 || !Currency.All(char.IsAsciiLetterUpper)), "currency",
            "'currency' must be a three-letter ISO 4217 code such as EUR.")
        .Coordinates(Latitude, Longitude)
        .When(Version is < 0, "version", "'version' must not be negative.")
        .ContactAddress("contactUrl", ContactUrl, "contactEmail", ContactEmail)
        .ToProblem();

    public ProjectDetails ToDetails() => new(
        Title!.Trim(), Blank(Description), CompanyId, Blank(CompanyName), Blank(Category), DistinctSkills(Skills),
        BudgetMin, BudgetMax, Blank(Currency), Blank(Location), Latitude, Longitude, Remote ?? false, Deadline?.ToUniversalTime(),
        Blank(ContactUrl), Blank(ContactEmail));

    /// <summary>Trimmed, in the order given, each skill once whatever its casing (the first spelling wins).</summary>
    private static string[] DistinctSkills(string?[]? skills) =>
        skills is null ? [] : skills.Select(s => s!.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>The optional body of <c>POST /api/projects/{id}/award</c>: who won the project, and the version the admin last saw.</summary>
public sealed record AwardForm(string? AwardedTo, long? Version = null)
{
    public ProblemDetails Validate() => new ValidationErrors()
        .RequireText("awardedTo", AwardedTo, 200, required: false)
        .When(Version is < 0, "version", "'version' must not be negative.")
        .ToProblem();
}
