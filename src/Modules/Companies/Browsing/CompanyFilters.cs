using Marten.Linq.MatchesSql;
using Zumodra.BuildingBlocks;

namespace Zumodra.Companies.Browsing;

/// <summary>The browse filters shared by the list, the map and the live subscription of the companies channel.</summary>
internal sealed record CompanyFilters(string? Search, string? Location, string? Industry)
{
    /// <summary>What <c>search</c> reads: name and description, English full text.</summary>
    internal static readonly string[] SearchedMembers = [nameof(CompanyBrowseItem.Name), nameof(CompanyBrowseItem.Description)];

    /// <summary>The same expression as the full-text index declared in <see cref="CompaniesModule"/>, so PostgreSQL uses it.</summary>
    internal static readonly string SearchSql = FullTextSearch.Matches(SearchedMembers);

    internal const string LocationSql = "lower(d.data ->> 'Location') = ?";
    internal const string IndustrySql = "lower(d.data ->> 'Industry') = ?";

    public static CompanyFilters Read(QueryReader query) => new(query.Search(), query.Text("location"), query.Text("industry"));

    public IQueryable<CompanyBrowseItem> Apply(IQueryable<CompanyBrowseItem> companies)
    {
        if (Search is not null) companies = companies.Where(x => x.MatchesSql(SearchSql, Search));
        if (Location is not null) companies = companies.Where(x => x.MatchesSql(LocationSql, Location.ToLowerInvariant()));
        if (Industry is not null) companies = companies.Where(x => x.MatchesSql(IndustrySql, Industry.ToLowerInvariant()));
        return companies;
    }
}
