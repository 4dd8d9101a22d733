using Microsoft.AspNetCore.Mvc;
using Zumodra.BuildingBlocks;

namespace Zumodra.Companies;

/// <summary>
/// The body of <c>POST /api/companies</c> and <c>PUT /api/companies/{id}</c>. Everything is nullable so that a
/// missing field is reported by name instead of failing deserialization.
/// </summary>
public sealed record CompanyForm(
    string? Name,
    string? Industry = null,
    string? Description = null,
    string? Website = null,
    string? Size = null,
    string? Location = null,
    double? Latitude = null,
    double? Longitude = null,
    string? LogoUrl = null,
    long? Version = null)
{
    public const int MaxUrlLength = 2_000;

    public ProblemDetails Validate() => new ValidationErrors()
        .RequireText("name", Name, 200)
        .RequireText("industry", Industry, 100, required: false)
        .RequireText("description", Description, 20_000, required: false)
        .RequireText("location", Location, 200, required: false)
        .OneOf("size", Blank(Size), CompanySizes.All, required: false)
        .Coordinates(Latitude, Longitude)
        .When(!IsWebAddress(Website), "website", $"'website' must be an absolute http or https URL of at most {MaxUrlLength} characters.")
        .When(!IsWebAddress(LogoUrl), "logoUrl", $"'logoUrl' must be an absolute http or https URL of at most {MaxUrlLength} characters.")
        .When(Version is < 0, "version", "'version' must not be negative.")
        .ToProblem();

    public CompanyProfile ToProfile() => new(
        Name!.Trim(), Blank(Industry), Blank(Description), Blank(Website), Blank(Size), Blank(Location), Latitude, Longitude, Blank(LogoUrl));

    /// <summary>Absent is fine; present must be an absolute http(s) address with a host.</summary>
    private static bool IsWebAddress(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return true;
        value = value.Trim();
        return value.Length <= MaxUrlLength
               && Uri.TryCreate(value, UriKind.Absolute, out var uri)
               && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
               && uri.Host.Length > 0;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
