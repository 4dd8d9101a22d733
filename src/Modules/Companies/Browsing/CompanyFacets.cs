using Marten;
using Wolverine.Http;
using Zumodra.BuildingBlocks;

namespace Zumodra.Companies.Browsing;

public sealed record CompanyFacetsResponse(IReadOnlyList<FacetCount> Locations, IReadOnlyList<FacetCount> Industries) : IBrowseFacets
{
    public IReadOnlyList<FacetCount> For(string filter) => filter switch
    {
        "location" => Locations,
        "industry" => Industries,
        _ => [],
    };
}

public static class CompanyFacetsEndpoint
{
    private const int MaxValues = 200;

    /// <summary><c>GET /api/companies/facets</c>: the values the filter sidebar offers, most common first, with counts of companies.</summary>
    [WolverineGet("/api/companies/facets"), Tags("Companies")]
    public static async Task<CompanyFacetsResponse> Get(IQuerySession session, CancellationToken cancellation)
    {
        var table = session.DocumentStore.Options.FindOrResolveDocumentType(typeof(CompanyBrowseItem)).TableName.QualifiedName;
        return new CompanyFacetsResponse(
            await Count(session, table, "Location", cancellation),
            await Count(session, table, "Industry", cancellation));
    }

    private static async Task<IReadOnlyList<FacetCount>> Count(IQuerySession session, string table, string member, CancellationToken cancellation) =>
        await session.AdvancedSql.QueryAsync<FacetCount>(
            $"""
             select jsonb_build_object('Value', data ->> '{member}', 'Count', count(*))
             from {table} where data ->> '{member}' is not null
             group by data ->> '{member}' order by count(*) desc, data ->> '{member}' limit {MaxValues}
             """,
            cancellation);
}
