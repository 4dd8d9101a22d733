using Marten;
using Microsoft.AspNetCore.Http.Extensions;
using Zumodra.BuildingBlocks;
using Zumodra.Companies.Browsing;
using Zumodra.Web.Browsing;
using Zumodra.Web.Seo;

namespace Zumodra.Companies.Pages.Companies;

/// <summary>
/// What the companies list and map pages show for a request: one page of companies with the browse API's filters and
/// meaning (<see cref="CompanyFilters"/>) and sort, the facets for the sidebar and the event sequence the data is current to.
/// </summary>
internal sealed class CompaniesListing : BrowseListing<CompanyBrowseItem, CompanyFilters, CompanyFacetsResponse>
{
    /// <summary>A 3 × 3 grid: there are fewer companies than jobs.</summary>
    private const int DefaultPageSize = 9;

    // Arguments are read left to right: the errors include those of the filters, the sort and the paging.
    private CompaniesListing(string path, IQueryCollection query, QueryReader reader)
        : base(CompaniesBrowse.Module, path, query, CompanyFilters.Read(reader), CompaniesBrowse.Module.Sort(reader),
            new PageRequest(reader.Int("page", 1, 1, QueryReader.MaxPage), reader.Int("pageSize", DefaultPageSize, 1, QueryReader.MaxPageSize)),
            reader.Errors.Messages())
    {
    }

    public static Task<CompaniesListing> LoadAsync(HttpRequest request, IQuerySession session, CancellationToken cancellation) =>
        LoadAsync(request.PathBase + request.Path, request.Query, CompanyFacetsEndpoint.CountAsync, session, cancellation);

    /// <summary>The newest companies for the list's feed (<see cref="BrowseFeed"/>): no sidebar there, so no facets are counted.</summary>
    public static Task<CompaniesListing> FeedAsync(IQueryCollection query, IQuerySession session, CancellationToken cancellation) =>
        LoadAsync(CompaniesBrowse.Module.PagePath, BrowseFeed.Query(query), (_, _, _) => Task.FromResult(CompanyFacetsResponse.None), session, cancellation);

    /// <summary>The request's filters and sort for an export (<see cref="Web.Exports.BrowseExport"/>): no sidebar there either.</summary>
    public static Task<CompaniesListing> ExportAsync(IQueryCollection query, IQuerySession session, CancellationToken cancellation) =>
        LoadAsync(CompaniesBrowse.Module.PagePath, query, (_, _, _) => Task.FromResult(CompanyFacetsResponse.None), session, cancellation);

    private static async Task<CompaniesListing> LoadAsync(string path, IQueryCollection query,
        Func<IQuerySession, CompanyFilters, CancellationToken, Task<CompanyFacetsResponse>> facets, IQuerySession session, CancellationToken cancellation)
    {
        var listing = new CompaniesListing(path, query, new QueryReader(query));
        await listing.LoadAsync(session, facets, CompanyFilters.None,
            (s, c) => BrowseCompaniesEndpoint.ReadAsync(s, listing.Filters, listing.Sort, listing.Paging, c), cancellation);
        return listing;
    }

    /// <summary>Every filtered company with coordinates, newest first, as many as the map endpoint serves.</summary>
    public async Task<IReadOnlyList<MapPoint>> MapPointsAsync(IQuerySession session, CancellationToken cancellation)
    {
        if (Errors.Count > 0) return [];
        var companies = await Filters.Apply(session.Query<CompanyBrowseItem>())
            .Where(x => x.Latitude != null && x.Longitude != null)
            .OrderByDescending(x => x.RegisteredAt).Take(CompaniesMapEndpoint.MaxFeatures).ToListAsync(cancellation);
        return companies.Select(x => new MapPoint(x.Id, x.Latitude!.Value, x.Longitude!.Value, x.Name, x.Industry, x.Location)).ToList();
    }

    protected override void AddLiveFilters(IDictionary<string, object> filters)
    {
        if (Filters.Search is { } search) filters["search"] = search;
        if (Filters.Location is { } location) filters["location"] = location;
        if (Filters.Industry is { } industry) filters["industry"] = industry;
    }

    protected override void AddFilters(QueryBuilder query)
    {
        if (Filters.Search is { } search) query.Add("search", search);
        if (Filters.Location is { } location) query.Add("location", location);
        if (Filters.Industry is { } industry) query.Add("industry", industry);
    }
}
