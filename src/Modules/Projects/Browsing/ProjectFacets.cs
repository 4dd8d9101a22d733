using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;
using Zumodra.BuildingBlocks;

namespace Zumodra.Projects.Browsing;

internal sealed record ProjectFacetsResponse(
    IReadOnlyList<FacetCount> Locations, IReadOnlyList<FacetCount> Categories, IReadOnlyList<FacetCount> Skills, IReadOnlyList<FacetCount> Remote)
    : IBrowseFacets
{
    /// <summary>No facets: for a listing shown without a sidebar.</summary>
    public static readonly ProjectFacetsResponse None = new([], [], [], []);

    public BrowseFacet? For(string filter) => filter switch
    {
        "location" => new(nameof(Locations), Locations),
        "category" => new(nameof(Categories), Categories),
        "skill" => new(nameof(Skills), Skills),
        "remote" => new(nameof(Remote), Remote),
        _ => null,
    };
}

public static class ProjectFacetsEndpoint
{
    /// <summary>
    /// <c>GET /api/projects/facets</c>: the values of each filter, most common first, with how many open projects the
    /// browse API would list for each, given the other filters in force (it takes the same filters).
    /// </summary>
    [WolverineGet("/api/projects/facets"), Tags("Projects")]
    public static async Task<IResult> Get(HttpRequest request, IQuerySession session, CancellationToken cancellation)
    {
        var query = new QueryReader(request.Query);
        var filters = ProjectFilters.Read(query);
        if (!query.Errors.IsEmpty) return Results.Problem(query.Errors.ToProblem());
        return Results.Ok(await CountAsync(session, filters, cancellation));
    }

    internal static async Task<ProjectFacetsResponse> CountAsync(IQuerySession session, ProjectFilters filters, CancellationToken cancellation)
    {
        var counts = await FacetQuery.CountAsync<ProjectBrowseItem>(session, ProjectFilters.Facets, [.. filters.Conditions()], cancellation);
        return new(counts["location"], counts["category"], counts["skill"], counts["remote"]);
    }
}
