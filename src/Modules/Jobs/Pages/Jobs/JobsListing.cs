using System.Net;
using Marten;
using Microsoft.AspNetCore.Http.Extensions;
using Zumodra.BuildingBlocks;
using Zumodra.Jobs.Browsing;
using Zumodra.Web.Browsing;

namespace Zumodra.Jobs.Pages.Jobs;

/// <summary>
/// What the jobs list and map pages show for a request: one page of open jobs with the browse API's filters and
/// meaning (<see cref="JobFilters"/>), the facets for the sidebar and the event sequence the data is current to.
/// </summary>
internal sealed class JobsListing
{
    public const string ListPath = "/jobs";
    public const string MapPath = "/jobs/map";
    public const string DetailUrl = "/jobs/{id}";

    private JobsListing(HttpRequest request, JobFilters filters, PageRequest paging, IReadOnlyList<string> errors)
    {
        Request = request;
        Filters = filters;
        Paging = paging;
        Errors = errors;
    }

    public HttpRequest Request { get; }
    public JobFilters Filters { get; }
    public PageRequest Paging { get; }
    public IReadOnlyList<string> Errors { get; }
    public IReadOnlyList<JobBrowseItem> Items { get; private set; } = [];
    public long Total { get; private set; }
    public long Sequence { get; private set; }
    public JobFacetsResponse Facets { get; private set; } = new([], [], []);

    public static async Task<JobsListing> LoadAsync(HttpRequest request, IQuerySession session, CancellationToken cancellation)
    {
        var query = new QueryReader(request.Query);
        var filters = JobFilters.Read(query);
        var paging = query.Paging();
        var errors = query.Errors.Messages();
        var listing = new JobsListing(request, filters, paging, errors);

        // The sequence first: whatever commits after this read is replayed to the page by the live subscription.
        listing.Sequence = await session.HighestCommittedAsync(cancellation);
        listing.Facets = await JobFacetsEndpoint.Get(session, cancellation);
        if (errors.Count > 0) return listing;

        var page = await BrowseJobsEndpoint.ReadAsync(session, filters, "newest", paging, cancellation);
        listing.Items = page.Items;
        listing.Total = page.Total;
        return listing;
    }

    /// <summary>Every filtered job with coordinates, newest first, as many as the map endpoint serves.</summary>
    public async Task<IReadOnlyList<MapPoint>> MapPointsAsync(IQuerySession session, CancellationToken cancellation)
    {
        if (Errors.Count > 0) return [];
        var jobs = await Filters.Apply(session.Query<JobBrowseItem>())
            .Where(x => x.Latitude != null && x.Longitude != null)
            .OrderByDescending(x => x.PostedAt).Take(JobsMapEndpoint.MaxFeatures).ToListAsync(cancellation);
        return jobs.Select(x => new MapPoint(x.Id, x.Latitude!.Value, x.Longitude!.Value, x.Title, x.CompanyName, x.Location)).ToList();
    }

    public int StatusCode => Errors.Count > 0 ? (int)HttpStatusCode.BadRequest : (int)HttpStatusCode.OK;

    public BrowseHeaderModel Header(bool isMap, string heading) => new(
        heading, Total, "job", "jobs", ListPath, MapPath, isMap, FilterQuery().ToString(), Sidebar(isMap).ActiveCount);

    public FilterSidebarModel Sidebar(bool isMap) => new(
        isMap ? MapPath : ListPath,
        Filters.Search,
        "Search jobs",
        [
            new FilterSelect("location", "Location", "Any location", Filters.Location, Choices(Facets.Locations)),
            new FilterSelect("category", "Category", "Any category", Filters.Category, Choices(Facets.Categories)),
        ],
        new FilterChecks("type", "Job type", JobDisplay.TypeLabels
            .Select(t => new FilterCheck(t.Key, t.Value, Filters.Types.Contains(t.Key, StringComparer.OrdinalIgnoreCase))).ToList()),
        new FilterToggle("remote", "Remote only", Filters.Remote == true));

    public PaginationModel Pagination() => new(Request, Paging.Page, Paging.PageSize, Total);

    public LivePageConfig Live(MapConfig? map = null) => new(
        JobsLive.Channel,
        JobsLive.ItemName,
        LiveFilters(),
        Sequence,
        DetailUrl,
        PageUrl(),
        Paging.Page,
        Paging.PageSize,
        "job",
        "jobs",
        new Dictionary<string, IReadOnlyDictionary<string, string>> { ["jobType"] = JobDisplay.TypeLabels },
        map,
        OrderField: "postedAt");

    private string PageUrl()
    {
        var query = FilterQuery();
        query.Add("page", Paging.Page.ToString(System.Globalization.CultureInfo.InvariantCulture));
        query.Add("pageSize", Paging.PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return "/api/jobs" + query.ToQueryString();
    }

    /// <summary>The filters in the Live hub's terms: the browse API's names, only those in force.</summary>
    private Dictionary<string, object>? LiveFilters()
    {
        var filters = new Dictionary<string, object>();
        if (Filters.Search is { } search) filters["search"] = search;
        if (Filters.Location is { } location) filters["location"] = location;
        if (Filters.Category is { } category) filters["category"] = category;
        if (Filters.Types.Length > 0) filters["type"] = Filters.Types;
        if (Filters.Remote is { } remote) filters["remote"] = remote;
        return filters.Count == 0 ? null : filters;
    }

    /// <summary>The filters in force as a query string (no page), for the list/map switch and the browse API.</summary>
    private QueryBuilder FilterQuery()
    {
        var query = new QueryBuilder();
        if (Filters.Search is { } search) query.Add("search", search);
        if (Filters.Location is { } location) query.Add("location", location);
        if (Filters.Category is { } category) query.Add("category", category);
        foreach (var type in Filters.Types) query.Add("type", type);
        if (Filters.Remote is { } remote) query.Add("remote", remote ? "true" : "false");
        return query;
    }

    private static List<FilterChoice> Choices(IEnumerable<FacetCount> facets) => facets.Select(f => new FilterChoice(f.Value, f.Count)).ToList();
}
