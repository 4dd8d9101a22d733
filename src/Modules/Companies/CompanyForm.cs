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
        .RequireText("description", Description, 20_000, required: false, multiline: true)
        .RequireText("location", Location, 200, required: false)
        .OneOf("size", Blank(Size), CompanySizes.All, required: false)
        .Coordinates(Latitude, Longitude)
        .WebAddress("website", Website, MaxUrlLength)
        .WebAddress("logoUrl", LogoUrl, MaxUrlLength)
        .When(Version is < 0, "version", "'version' must not be negative.")
        .ToProblem();

    public CompanyProfile ToProfile() => new(
        Name!.Trim(), Blank(Industry), Blank(Description), Blank(Website), Blank(Size), Blank(Location), Latitude, Longitude, Blank(LogoUrl));

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
