using Microsoft.AspNetCore.Mvc;
using Zumodra.BuildingBlocks;

namespace Zumodra.Jobs;

/// <summary>
/// The body of <c>POST /api/jobs</c> and <c>PUT /api/jobs/{id}</c>. Everything is nullable so that a missing
/// field is reported by name instead of failing deserialization.
/// </summary>
public sealed record JobForm(
    string? Title,
    string? Description,
    Guid? CompanyId,
    string? CompanyName,
    string? Location,
    double? Latitude,
    double? Longitude,
    string? Category,
    string? JobType,
    bool? Remote,
    decimal? SalaryMin,
    decimal? SalaryMax,
    string? Currency,
    long? Version = null,
    string? ApplyUrl = null,
    string? ApplyEmail = null,
    DateTimeOffset? ClosesAt = null)
{
    public ProblemDetails Validate(DateTimeOffset now) => new ValidationErrors()
        .RequireText("title", Title, 200)
        .RequireText("description", Description, 20_000, required: false, multiline: true)
        .RequireText("companyName", CompanyName, 200, required: false)
        .RequireText("location", Location, 200, required: false)
        .RequireText("category", Category, 100, required: false)
        .OneOf("jobType", JobType, JobTypes.All)
        .Coordinates(Latitude, Longitude)
        .Range("salaryMin", SalaryMin, "salaryMax", SalaryMax)
        .When(Currency is not null && (Currency.Length != 3 || !Currency.All(char.IsAsciiLetterUpper)), "currency",
            "'currency' must be a three-letter ISO 4217 code such as EUR.")
        .When(Version is < 0, "version", "'version' must not be negative.")
        .ContactAddress("applyUrl", ApplyUrl, "applyEmail", ApplyEmail)
        // A job whose closing date has passed would close at once; a closed job keeps it until edited or reopened.
        .When(ClosesAt <= now, "closesAt", "'closesAt' must be in the future (or absent).")
        .ToProblem();

    public JobDetails ToDetails() => new(
        Title!.Trim(), Blank(Description), CompanyId, Blank(CompanyName), Blank(Location), Latitude, Longitude,
        Blank(Category), JobType!, Remote ?? false, SalaryMin, SalaryMax, Blank(Currency), Blank(ApplyUrl), Blank(ApplyEmail),
        ClosesAt?.ToUniversalTime());

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
