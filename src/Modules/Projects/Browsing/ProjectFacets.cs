using Marten;
using Wolverine.Http;
using Zumodra.BuildingBlocks;

namespace Zumodra.Projects.Browsing;

public sealed record ProjectFacetsResponse(IReadOnlyList<FacetCount> Locations, IReadOnlyList<FacetCount> Categories, IReadOnlyList<FacetCount> Skills)
    : IBrowseFacets
{
    public IReadOnlyList<FacetCount> For(string filter) => filter switch
    {
        "location" => Locations,
        "category" => Categories,
        "skill" => Skills,
        _ => [],
    };
}

public static class ProjectFacetsEndpoint
{
    private const int MaxValues = 200;

    /// <summary>
    /// <c>GET /api/projects/facets</c>: the values the filter sidebar offers, most common first, with counts of open projects.
    /// Values that differ only in case count as one (the filters ignore case), shown in their most common spelling.
    /// </summary>
    [WolverineGet("/api/projects/facets"), Tags("Projects")]
    public static async Task<ProjectFacetsResponse> Get(IQuerySession session, CancellationToken cancellation)
    {
        var table = session.DocumentStore.Options.FindOrResolveDocumentType(typeof(ProjectBrowseItem)).TableName.QualifiedName;
        return new ProjectFacetsResponse(
            await Count(session, $"select d.data ->> 'Location' as v from {table} d", cancellation),
            await Count(session, $"select d.data ->> 'Category' as v from {table} d", cancellation),
            await Count(session, $"select s.v from {table} d cross join jsonb_array_elements_text(d.data -> 'Skills') as s(v)", cancellation));
    }

    private static async Task<IReadOnlyList<FacetCount>> Count(IQuerySession session, string values, CancellationToken cancellation) =>
        await session.AdvancedSql.QueryAsync<FacetCount>(
            $"""
             select jsonb_build_object('Value', mode() within group (order by v), 'Count', count(*))
             from ({values}) as facet where v is not null
             group by lower(v) order by count(*) desc, lower(v) limit {MaxValues}
             """,
            cancellation);
}
