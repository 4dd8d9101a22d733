using System.Globalization;
using System.Net;
using Marten;
using Microsoft.AspNetCore.Http.Extensions;
using Zumodra.BuildingBlocks;
using Zumodra.Companies.Browsing;
using Zumodra.Web.Browsing;

namespace Zumodra.Companies.Pages.Companies;

/// <summary>
/// What the companies list and map pages show for a request: one page of companies with the browse API's filters and
/// meaning (<see cref="CompanyFilters"/>), newest first, the facets for the sidebar and the event sequence the data is current to.
/// </summary>
internal sealed class CompaniesListing
{
    public const string ListPath = "/companies";
    public const string MapPath = "/companies/map";
    public const string DetailUrl = "/companies/{id}";

    /// <summary>A 3 × 3 grid: there are fewer companies than jobs.</summary>
    private const int DefaultPageSize = 9;

    private CompaniesListing(HttpRequest request, CompanyFilters filters, PageRequest paging, IReadOnlyList<string> errors)
    {
        Request = request;
        Filters = filters;
        Paging = paging;
        Errors = errors;
    }

    public HttpRequest Request { get; }
    public CompanyFilters Filters { get; }
    public PageRequest Paging { get; }
    public IReadOnlyList<string> Errors { get; }
    public IReadOnlyList<CompanyBrowseItem> Items { get; private set; } = [];
    public long Total { get; private set; }
    public long Sequence { get; private set; }
    public CompanyFacetsResponse Facets { get; private set; } = new([], []);

    public static async Task<CompaniesListing> LoadAsync(HttpRequest request, IQuerySession session, CancellationToken cancellation)
    {
        var query = new QueryReader(request.Query);
        var filters = CompanyFilters.Read(query);
        var paging = new PageRequest(query.Int("page", 1, 1, QueryReader.MaxPage), query.Int("pageSize", DefaultPageSize, 1, QueryReader.MaxPageSize));
        var errors = query.Errors.Messages();
        var listing = new CompaniesListing(request, filters, paging, errors);

        // The sequence first: whatever commits after this read is replayed to the page by the live subscription.
        listing.Sequence = await session.HighestCommittedAsync(cancellation);
        listing.Facets = await CompanyFacetsEndpoint.Get(session, cancellation);
        if (errors.Count > 0) return listing;

        var page = await filters.Apply(session.Query<CompanyBrowseItem>())
            .ToBrowsePageAsync(companies => companies.OrderByDescending(x => x.RegisteredAt).ThenBy(x => x.Id), paging, cancellation);
        listing.Items = page.Items;
        listing.Total = page.Total;
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

    public int StatusCode => Errors.Count > 0 ? (int)HttpStatusCode.BadRequest : (int)HttpStatusCode.OK;

    public BrowseHeaderModel Header(bool isMap, string heading) => new(
        heading, Total, "company", "companies", ListPath, MapPath, isMap, FilterQuery().ToString(), Sidebar(isMap).ActiveCount);

    public FilterSidebarModel Sidebar(bool isMap) => new(
        isMap ? MapPath : ListPath,
        Filters.Search,
        "Search companies",
        [
            new FilterSelect("location", "Location", "Any location", Filters.Location, Choices(Facets.Locations)),
            new FilterSelect("industry", "Industry", "Any industry", Filters.Industry, Choices(Facets.Industries)),
        ]);

    public PaginationModel Pagination() => new(Request, Paging.Page, Paging.PageSize, Total);

    public LivePageConfig Live(MapConfig? map = null) => new(
        CompaniesLive.Channel,
        CompaniesLive.ItemName,
        LiveFilters(),
        Sequence,
        DetailUrl,
        PageUrl(),
        Paging.Page,
        Paging.PageSize,
        "company",
        "companies",
        Map: map,
        OrderField: "registeredAt");

    private string PageUrl()
    {
        var query = FilterQuery();
        query.Add("page", Paging.Page.ToString(CultureInfo.InvariantCulture));
        query.Add("pageSize", Paging.PageSize.ToString(CultureInfo.InvariantCulture));
        return "/api/companies" + query.ToQueryString();
    }

    /// <summary>The filters in the Live hub's terms: the browse API's names, only those in force.</summary>
    private Dictionary<string, object>? LiveFilters()
    {
        var filters = new Dictionary<string, object>();
        if (Filters.Search is { } search) filters["search"] = search;
        if (Filters.Location is { } location) filters["location"] = location;
        if (Filters.Industry is { } industry) filters["industry"] = industry;
        return filters.Count == 0 ? null : filters;
    }

    /// <summary>The filters in force as a query string (no page), for the list/map switch and the browse API.</summary>
    private QueryBuilder FilterQuery()
    {
        var query = new QueryBuilder();
        if (Filters.Search is { } search) query.Add("search", search);
        if (Filters.Location is { } location) query.Add("location", location);
        if (Filters.Industry is { } industry) query.Add("industry", industry);
        return query;
    }

    private static List<FilterChoice> Choices(IEnumerable<FacetCount> facets) => facets.Select(f => new FilterChoice(f.Value, f.Count)).ToList();
}
