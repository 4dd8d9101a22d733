using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;
using Zumodra.BuildingBlocks;

namespace Zumodra.Companies.Browsing;

internal sealed record CompanyFacetsResponse(IReadOnlyList<FacetCount> Locations, IReadOnlyList<FacetCount> Industries) : IBrowseFacets
{
    /// <summary>No facets: for a listing shown without a sidebar.</summary>
    public static readonly CompanyFacetsResponse None = new([], []);

    public BrowseFacet? For(string filter) => filter switch
    {
        "location" => new(nameof(Locations), Locations),
        "industry" => new(nameof(Industries), Industries),
        _ => null,
    };
}

public static class CompanyFacetsEndpoint
{
    /// <summary>
    /// <c>GET /api/companies/facets</c>: the values of each filter, most common first, with how many companies the browse
    /// API would list for each, given the other filters in force (it takes the same filters).
    /// </summary>
    [WolverineGet("/api/companies/facets"), Tags("Companies")]
    public static async Task<IResult> Get(HttpRequest request, IQuerySession session, CancellationToken cancellation)
    {
        var query = new QueryReader(request.Query);
        var filters = CompanyFilters.Read(query);
        if (!query.Errors.IsEmpty) return Results.Problem(query.Errors.ToProblem());
        return Results.Ok(await CountAsync(session, filters, cancellation));
    }

    internal static async Task<CompanyFacetsResponse> CountAsync(IQuerySession session, CompanyFilters filters, CancellationToken cancellation)
    {
        var counts = await FacetQuery.CountAsync<CompanyBrowseItem>(session, CompanyFilters.Facets, [.. filters.Conditions()], cancellation);
        return new(counts["location"], counts["industry"]);
    }
}
