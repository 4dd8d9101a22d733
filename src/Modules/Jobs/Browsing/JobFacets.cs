using Marten;
using Wolverine.Http;
using Zumodra.BuildingBlocks;

namespace Zumodra.Jobs.Browsing;

public sealed record JobFacetsResponse(IReadOnlyList<FacetCount> Locations, IReadOnlyList<FacetCount> Categories, IReadOnlyList<FacetCount> Types)
    : IBrowseFacets
{
    public IReadOnlyList<FacetCount> For(string filter) => filter switch
    {
        "location" => Locations,
        "category" => Categories,
        "type" => Types,
        _ => [],
    };
}

public static class JobFacetsEndpoint
{
    private const int MaxValues = 200;

    /// <summary><c>GET /api/jobs/facets</c>: the values the filter sidebar offers, most common first, with counts of open jobs.</summary>
    [WolverineGet("/api/jobs/facets"), Tags("Jobs")]
    public static async Task<JobFacetsResponse> Get(IQuerySession session, CancellationToken cancellation)
    {
        var table = session.DocumentStore.Options.FindOrResolveDocumentType(typeof(JobBrowseItem)).TableName.QualifiedName;
        return new JobFacetsResponse(
            await session.AdvancedSql.QueryAsync<FacetCount>(Sql(table, "location"), cancellation),
            await session.AdvancedSql.QueryAsync<FacetCount>(Sql(table, "category"), cancellation),
            await session.AdvancedSql.QueryAsync<FacetCount>(Sql(table, "job_type"), cancellation));
    }

    /// <summary>
    /// Counts per value of a duplicated column (JobsModule), read from the column's own index alone: grouping by the
    /// JSON value would read and sort every document.
    /// </summary>
    internal static string Sql(string table, string column) =>
        $"""
         select jsonb_build_object('Value', {column}, 'Count', count(*))
         from {table} where {column} is not null
         group by {column} order by count(*) desc, {column} limit {MaxValues}
         """;
}
