using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;
using Zumodra.BuildingBlocks;

namespace Zumodra.Jobs.Browsing;

internal sealed record JobFacetsResponse(
    IReadOnlyList<FacetCount> Locations, IReadOnlyList<FacetCount> Categories, IReadOnlyList<FacetCount> Types, IReadOnlyList<FacetCount> Remote)
    : IBrowseFacets
{
    /// <summary>No facets: for a listing shown without a sidebar.</summary>
    public static readonly JobFacetsResponse None = new([], [], [], []);

    public BrowseFacet? For(string filter) => filter switch
    {
        "location" => new(nameof(Locations), Locations),
        "category" => new(nameof(Categories), Categories),
        "type" => new(nameof(Types), Types),
        "remote" => new(nameof(Remote), Remote),
        _ => null,
    };
}

public static class JobFacetsEndpoint
{
    /// <summary>
    /// <c>GET /api/jobs/facets</c>: the values of each filter, most common first, with how many open jobs the browse API
    /// would list for each, given the other filters in force (it takes the same filters).
    /// </summary>
    [WolverineGet("/api/jobs/facets"), Tags("Jobs")]
    public static async Task<IResult> Get(HttpRequest request, IQuerySession session, CancellationToken cancellation)
    {
        var query = new QueryReader(request.Query);
        var filters = JobFilters.Read(query);
        if (!query.Errors.IsEmpty) return Results.Problem(query.Errors.ToProblem());
        return Results.Ok(await CountAsync(session, filters, cancellation));
    }

    internal static async Task<JobFacetsResponse> CountAsync(IQuerySession session, JobFilters filters, CancellationToken cancellation)
    {
        var counts = await FacetQuery.CountAsync<JobBrowseItem>(session, JobFilters.Facets, [.. filters.Conditions()], cancellation);
        return new(counts["location"], counts["category"], counts["type"], counts["remote"]);
    }
}
