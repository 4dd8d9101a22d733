using System.Globalization;
using Marten;
using Microsoft.AspNetCore.Http.Extensions;
using Zumodra.BuildingBlocks;
using Zumodra.Projects.Browsing;
using Zumodra.Web.Browsing;
using Zumodra.Web.Seo;

namespace Zumodra.Projects.Pages.Projects;

/// <summary>
/// What the projects list and map pages show for a request: one page of open projects with the browse API's filters
/// and meaning (<see cref="ProjectFilters"/>) and sort, the facets for the sidebar and the event sequence the data is current to.
/// </summary>
internal sealed class ProjectsListing : BrowseListing<ProjectBrowseItem, ProjectFilters, ProjectFacetsResponse>
{
    // Arguments are read left to right: the errors include those of the filters, the sort and the paging.
    private ProjectsListing(string path, IQueryCollection query, QueryReader reader)
        : base(ProjectsBrowse.Module, path, query, ProjectFilters.Read(reader), ProjectsBrowse.Module.Sort(reader), reader.Paging(), reader.Errors.Messages())
    {
    }

    public static Task<ProjectsListing> LoadAsync(HttpRequest request, IQuerySession session, CancellationToken cancellation) =>
        LoadAsync(request.PathBase + request.Path, request.Query, ProjectFacetsEndpoint.CountAsync, session, cancellation);

    /// <summary>A company's open projects, for a section of its page: no sidebar there, so no facets are counted.</summary>
    public static Task<ProjectsListing> AtCompanyAsync(Guid companyId, IQuerySession session, CancellationToken cancellation) =>
        LoadAsync(ProjectsBrowse.Module.PagePath, CompanySectionModel.Query(companyId), (_, _, _) => Task.FromResult(ProjectFacetsResponse.None),
            session, cancellation);

    /// <summary>The newest projects for the list's feed (<see cref="BrowseFeed"/>): no sidebar there either.</summary>
    public static Task<ProjectsListing> FeedAsync(IQueryCollection query, IQuerySession session, CancellationToken cancellation) =>
        LoadAsync(ProjectsBrowse.Module.PagePath, BrowseFeed.Query(query), (_, _, _) => Task.FromResult(ProjectFacetsResponse.None), session, cancellation);

    /// <summary>The request's filters and sort for an export (<see cref="Web.Exports.BrowseExport"/>): no sidebar there either.</summary>
    public static Task<ProjectsListing> ExportAsync(IQueryCollection query, IQuerySession session, CancellationToken cancellation) =>
        LoadAsync(ProjectsBrowse.Module.PagePath, query, (_, _, _) => Task.FromResult(ProjectFacetsResponse.None), session, cancellation);

    private static async Task<ProjectsListing> LoadAsync(string path, IQueryCollection query,
        Func<IQuerySession, ProjectFilters, CancellationToken, Task<ProjectFacetsResponse>> facets, IQuerySession session, CancellationToken cancellation)
    {
        var listing = new ProjectsListing(path, query, new QueryReader(query));
        await listing.LoadAsync(session, facets, ProjectFilters.None,
            (s, c) => BrowseProjectsEndpoint.ReadAsync(s, listing.Filters, listing.Sort, listing.Paging, c), cancellation);
        return listing;
    }

    /// <summary>Every filtered project with coordinates, newest first, as many as the map endpoint serves.</summary>
    public async Task<IReadOnlyList<MapPoint>> MapPointsAsync(IQuerySession session, CancellationToken cancellation)
    {
        if (Errors.Count > 0) return [];
        var projects = await Filters.Apply(session.Query<ProjectBrowseItem>())
            .Where(x => x.Latitude != null && x.Longitude != null)
            .OrderByDescending(x => x.PublishedAt).Take(ProjectsMapEndpoint.MaxFeatures).ToListAsync(cancellation);
        return projects.Select(x => new MapPoint(x.Id, x.Latitude!.Value, x.Longitude!.Value, x.Title, x.CompanyName, x.Location)).ToList();
    }

    // The live channel matches values, not budget ranges.
    protected override bool LiveFiltersExact => Filters.BudgetMin is null && Filters.BudgetMax is null;

    protected override void AddLiveFilters(IDictionary<string, object> filters)
    {
        if (Filters.Search is { } search) filters["search"] = search;
        if (Filters.Location is { } location) filters["location"] = location;
        if (Filters.Category is { } category) filters["category"] = category;
        if (Filters.Skills.Length > 0) filters["skill"] = Filters.Skills;
        if (Filters.Remote is { } remote) filters["remote"] = remote;
        if (Filters.CompanyId is { } companyId) filters["companyId"] = companyId;
    }

    protected override void AddFilters(QueryBuilder query)
    {
        if (Filters.Search is { } search) query.Add("search", search);
        if (Filters.Location is { } location) query.Add("location", location);
        if (Filters.Category is { } category) query.Add("category", category);
        foreach (var skill in Filters.Skills) query.Add("skill", skill);
        if (Filters.Remote is { } remote) query.Add("remote", remote ? "true" : "false");
        if (Filters.BudgetMin is { } min) query.Add("budgetMin", min.ToString(CultureInfo.InvariantCulture));
        if (Filters.BudgetMax is { } max) query.Add("budgetMax", max.ToString(CultureInfo.InvariantCulture));
        if (Filters.CompanyId is { } companyId) query.Add("companyId", companyId.ToString());
    }

    /// <summary>The company's name as its projects carry it.</summary>
    protected override async Task<IReadOnlyDictionary<string, string>> NamesAsync(IQuerySession session, CancellationToken cancellation)
    {
        if (Filters.CompanyId is not { } companyId) return Names;
        var name = Items.FirstOrDefault()?.CompanyName ?? await session.Query<ProjectBrowseItem>()
            .Where(x => x.CompanyId == companyId && x.CompanyName != null).Select(x => x.CompanyName!).FirstOrDefaultAsync(cancellation);
        return name is null ? Names : new Dictionary<string, string> { ["companyId"] = name };
    }
}
