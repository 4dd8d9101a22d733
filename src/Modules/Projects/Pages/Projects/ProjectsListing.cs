using System.Globalization;
using System.Net;
using Marten;
using Microsoft.AspNetCore.Http.Extensions;
using Zumodra.BuildingBlocks;
using Zumodra.Projects.Browsing;
using Zumodra.Web.Browsing;

namespace Zumodra.Projects.Pages.Projects;

/// <summary>
/// What the projects list and map pages show for a request: one page of open projects with the browse API's filters
/// and meaning (<see cref="ProjectFilters"/>), newest first, the facets for the sidebar and the event sequence the data is current to.
/// </summary>
internal sealed class ProjectsListing
{
    public const string ListPath = "/projects";
    public const string MapPath = "/projects/map";
    public const string DetailUrl = "/projects/{id}";

    /// <summary>The sidebar offers the most common skills as checkboxes (any other still works from the URL).</summary>
    private const int SkillChoices = 8;

    private ProjectsListing(HttpRequest request, ProjectFilters filters, PageRequest paging, IReadOnlyList<string> errors)
    {
        Request = request;
        Filters = filters;
        Paging = paging;
        Errors = errors;
    }

    public HttpRequest Request { get; }
    public ProjectFilters Filters { get; }
    public PageRequest Paging { get; }
    public IReadOnlyList<string> Errors { get; }
    public IReadOnlyList<ProjectBrowseItem> Items { get; private set; } = [];
    public long Total { get; private set; }
    public long Sequence { get; private set; }
    public ProjectFacetsResponse Facets { get; private set; } = new([], [], []);

    public static async Task<ProjectsListing> LoadAsync(HttpRequest request, IQuerySession session, CancellationToken cancellation)
    {
        var query = new QueryReader(request.Query);
        var filters = ProjectFilters.Read(query);
        var paging = query.Paging();
        var errors = query.Errors.Messages();
        var listing = new ProjectsListing(request, filters, paging, errors);

        // The sequence first: whatever commits after this read is replayed to the page by the live subscription.
        listing.Sequence = await session.HighestCommittedAsync(cancellation);
        listing.Facets = await ProjectFacetsEndpoint.Get(session, cancellation);
        if (errors.Count > 0) return listing;

        var page = await filters.Apply(session.Query<ProjectBrowseItem>())
            .ToBrowsePageAsync(projects => projects.OrderByDescending(x => x.PublishedAt).ThenBy(x => x.Id), paging, cancellation);
        listing.Items = page.Items;
        listing.Total = page.Total;
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

    public int StatusCode => Errors.Count > 0 ? (int)HttpStatusCode.BadRequest : (int)HttpStatusCode.OK;

    public BrowseHeaderModel Header(bool isMap, string heading) => new(
        heading, Total, "project", "projects", ListPath, MapPath, isMap, FilterQuery().ToString(), Sidebar(isMap).ActiveCount);

    public FilterSidebarModel Sidebar(bool isMap)
    {
        var skills = Facets.Skills.Take(SkillChoices).Select(f => f.Value)
            .Concat(Filters.Skills).Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(skill => new FilterCheck(skill, skill, Filters.Skills.Contains(skill, StringComparer.OrdinalIgnoreCase)))
            .ToList();
        return new FilterSidebarModel(
            isMap ? MapPath : ListPath,
            Filters.Search,
            "Search projects",
            [
                new FilterSelect("location", "Location", "Any location", Filters.Location, Choices(Facets.Locations)),
                new FilterSelect("category", "Category", "Any category", Filters.Category, Choices(Facets.Categories)),
            ],
            new FilterChecks("skill", "Skills", skills),
            new FilterToggle("remote", "Remote only", Filters.Remote == true));
    }

    public PaginationModel Pagination() => new(Request, Paging.Page, Paging.PageSize, Total);

    public LivePageConfig Live(MapConfig? map = null) => new(
        ProjectsLive.Channel,
        ProjectsLive.ItemName,
        LiveFilters(),
        Sequence,
        DetailUrl,
        PageUrl(),
        Paging.Page,
        Paging.PageSize,
        "project",
        "projects",
        Map: map,
        OrderField: "publishedAt",
        // The live channel matches values, not budget ranges.
        LiveFiltersExact: Filters.BudgetMin is null && Filters.BudgetMax is null);

    private string PageUrl()
    {
        var query = FilterQuery();
        query.Add("page", Paging.Page.ToString(CultureInfo.InvariantCulture));
        query.Add("pageSize", Paging.PageSize.ToString(CultureInfo.InvariantCulture));
        return "/api/projects" + query.ToQueryString();
    }

    /// <summary>The filters in the Live hub's terms: the browse API's names, only those in force.</summary>
    private Dictionary<string, object>? LiveFilters()
    {
        var filters = new Dictionary<string, object>();
        if (Filters.Search is { } search) filters["search"] = search;
        if (Filters.Location is { } location) filters["location"] = location;
        if (Filters.Category is { } category) filters["category"] = category;
        if (Filters.Skills.Length > 0) filters["skill"] = Filters.Skills;
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
        foreach (var skill in Filters.Skills) query.Add("skill", skill);
        if (Filters.Remote is { } remote) query.Add("remote", remote ? "true" : "false");
        if (Filters.BudgetMin is { } min) query.Add("budgetMin", min.ToString(CultureInfo.InvariantCulture));
        if (Filters.BudgetMax is { } max) query.Add("budgetMax", max.ToString(CultureInfo.InvariantCulture));
        return query;
    }

    private static List<FilterChoice> Choices(IEnumerable<FacetCount> facets) => facets.Select(f => new FilterChoice(f.Value, f.Count)).ToList();
}
