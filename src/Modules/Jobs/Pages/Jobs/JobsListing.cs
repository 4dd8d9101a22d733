using Marten;
using Microsoft.AspNetCore.Http.Extensions;
using Zumodra.BuildingBlocks;
using Zumodra.Jobs.Browsing;
using Zumodra.Web.Browsing;
using Zumodra.Web.Seo;

namespace Zumodra.Jobs.Pages.Jobs;

/// <summary>
/// What the jobs list and map pages show for a request: one page of open jobs with the browse API's filters and
/// meaning (<see cref="JobFilters"/>), the facets for the sidebar and the event sequence the data is current to.
/// </summary>
internal sealed class JobsListing : BrowseListing<JobBrowseItem, JobFilters, JobFacetsResponse>
{
    // Arguments are read left to right: the errors include those of the filters, the sort and the paging.
    private JobsListing(string path, IQueryCollection query, QueryReader reader)
        : base(JobsBrowse.Module, path, query, JobFilters.Read(reader), JobsBrowse.Module.Sort(reader), reader.Paging(), reader.Errors.Messages())
    {
    }

    public static Task<JobsListing> LoadAsync(HttpRequest request, IQuerySession session, CancellationToken cancellation) =>
        LoadAsync(request.PathBase + request.Path, request.Query, JobFacetsEndpoint.CountAsync, session, cancellation);

    /// <summary>A company's open jobs, for a section of its page: no sidebar there, so no facets are counted.</summary>
    public static Task<JobsListing> AtCompanyAsync(Guid companyId, IQuerySession session, CancellationToken cancellation) =>
        LoadAsync(JobsBrowse.Module.PagePath, CompanySectionModel.Query(companyId), (_, _, _) => Task.FromResult(JobFacetsResponse.None),
            session, cancellation);

    /// <summary>The newest jobs for the list's feed (<see cref="BrowseFeed"/>): no sidebar there either.</summary>
    public static Task<JobsListing> FeedAsync(IQueryCollection query, IQuerySession session, CancellationToken cancellation) =>
        LoadAsync(JobsBrowse.Module.PagePath, BrowseFeed.Query(query), (_, _, _) => Task.FromResult(JobFacetsResponse.None), session, cancellation);

    /// <summary>The request's filters and sort for an export (<see cref="Web.Exports.BrowseExport"/>): no sidebar there either.</summary>
    public static Task<JobsListing> ExportAsync(IQueryCollection query, IQuerySession session, CancellationToken cancellation) =>
        LoadAsync(JobsBrowse.Module.PagePath, query, (_, _, _) => Task.FromResult(JobFacetsResponse.None), session, cancellation);

    private static async Task<JobsListing> LoadAsync(string path, IQueryCollection query,
        Func<IQuerySession, JobFilters, CancellationToken, Task<JobFacetsResponse>> facets, IQuerySession session, CancellationToken cancellation)
    {
        var listing = new JobsListing(path, query, new QueryReader(query));
        await listing.LoadAsync(session, facets, JobFilters.None,
            (s, c) => BrowseJobsEndpoint.ReadAsync(s, listing.Filters, listing.Sort, listing.Paging, c), cancellation);
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

    private static readonly Dictionary<string, IReadOnlyDictionary<string, string>> JobLabels = new() { ["jobType"] = JobDisplay.TypeLabels };

    protected override IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Labels => JobLabels;

    protected override void AddLiveFilters(IDictionary<string, object> filters)
    {
        if (Filters.Search is { } search) filters["search"] = search;
        if (Filters.Location is { } location) filters["location"] = location;
        if (Filters.Category is { } category) filters["category"] = category;
        if (Filters.Types.Length > 0) filters["type"] = Filters.Types;
        if (Filters.Remote is { } remote) filters["remote"] = remote;
        if (Filters.CompanyId is { } companyId) filters["companyId"] = companyId;
    }

    protected override void AddFilters(QueryBuilder query)
    {
        if (Filters.Search is { } search) query.Add("search", search);
        if (Filters.Location is { } location) query.Add("location", location);
        if (Filters.Category is { } category) query.Add("category", category);
        foreach (var type in Filters.Types) query.Add("type", type);
        if (Filters.Remote is { } remote) query.Add("remote", remote ? "true" : "false");
        if (Filters.CompanyId is { } companyId) query.Add("companyId", companyId.ToString());
    }

    /// <summary>The company's name as its jobs carry it (the Companies module keeps it current there).</summary>
    protected override async Task<IReadOnlyDictionary<string, string>> NamesAsync(IQuerySession session, CancellationToken cancellation)
    {
        if (Filters.CompanyId is not { } companyId) return Names;
        var name = Items.FirstOrDefault()?.CompanyName ?? await session.Query<JobBrowseItem>()
            .Where(x => x.CompanyId == companyId && x.CompanyName != null).Select(x => x.CompanyName!).FirstOrDefaultAsync(cancellation);
        return name is null ? Names : new Dictionary<string, string> { ["companyId"] = name };
    }
}
