using Zumodra.BuildingBlocks;

namespace Zumodra.Companies.Browsing;

/// <summary>The browse filters shared by the list, the map and the live subscription of the companies channel.</summary>
internal sealed record CompanyFilters(string? Search, string? Location, string? Industry)
{
    public static readonly CompanyFilters None = new(null, null, null);

    /// <summary>What <c>search</c> reads: name and description, English full text.</summary>
    internal static readonly string[] SearchedMembers = [nameof(CompanyBrowseItem.Name), nameof(CompanyBrowseItem.Description)];

    /// <summary>The same expression as the full-text index declared in <see cref="CompaniesModule"/>, so PostgreSQL uses it.</summary>
    internal static readonly string SearchSql = FullTextSearch.Matches(SearchedMembers);

    /// <summary>What the facets count.</summary>
    internal static readonly FacetSource[] Facets = [new("location", "d.data ->> 'Location'"), new("industry", "d.data ->> 'Industry'")];

    public static CompanyFilters Read(QueryReader query) => new(query.Search(), query.Text("location"), query.Text("industry"));

    /// <summary>The filters in force as SQL, shared by the list, the map and the facets; as the lower-case indexes in <see cref="CompaniesModule"/> are written.</summary>
    public IEnumerable<FilterCondition> Conditions()
    {
        if (Search is not null) yield return new("search", SearchSql, Search);
        if (Location is not null) yield return new("location", "lower(d.data ->> 'Location') = ^", Location.ToLowerInvariant());
        if (Industry is not null) yield return new("industry", "lower(d.data ->> 'Industry') = ^", Industry.ToLowerInvariant());
    }

    public IQueryable<CompanyBrowseItem> Apply(IQueryable<CompanyBrowseItem> companies) => companies.Meeting(Conditions());
}
