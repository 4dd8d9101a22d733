using Zumodra.Contracts;

namespace Zumodra.Companies.Browsing;

/// <summary>How company changes appear on the live <c>companies</c> channel; filter names match <c>GET /api/companies</c>.</summary>
internal static class CompaniesLive
{
    public const string Channel = "companies";
    public const string ItemName = "company";
    public static readonly string[] Filters = ["search", "location", "industry"];

    public static FilterableValues Filterable(CompanyBrowseItem company) => new(
        $"{company.Name} {company.Description}",
        new Dictionary<string, string[]>
        {
            ["location"] = company.Location is null ? [] : [company.Location],
            ["industry"] = company.Industry is null ? [] : [company.Industry],
        });
}
