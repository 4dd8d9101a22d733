using Marten;
using Wolverine.Http;
using Zumodra.BuildingBlocks;

namespace Zumodra.Jobs.Browsing;

public sealed record JobFacetsResponse(IReadOnlyList<FacetCount> Locations, IReadOnlyList<FacetCount> Categories, IReadOnlyList<FacetCount> Types);

public static class JobFacetsEndpoint
{
    private const int MaxValues = 200;

    /// <summary><c>GET /api/jobs/facets</c>: the values the filter sidebar offers, most common first, with counts of open jobs.</summary>
    [WolverineGet("/api/jobs/facets"), Tags("Jobs")]
    public static async Task<JobFacetsResponse> Get(IQuerySession session, CancellationToken cancellation)
    {
        var table = session.DocumentStore.Options.FindOrResolveDocumentType(typeof(JobBrowseItem)).TableName.QualifiedName;
        return new JobFacetsResponse(
            await Count(session, table, "Location", cancellation),
            await Count(session, table, "Category", cancellation),
            await Count(session, table, "JobType", cancellation));
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
