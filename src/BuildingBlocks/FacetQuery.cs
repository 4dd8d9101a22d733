using System.Text;
using Marten;
using Marten.Linq.MatchesSql;

namespace Zumodra.BuildingBlocks;

/// <summary>
/// A filter in force as SQL over a browse table aliased <c>d</c>, written for <see cref="FacetQuery.Placeholder"/> as the
/// parameters' placeholder (<c>?</c> is also a jsonb operator). The list, the map and the facets apply the same
/// conditions, so a facet's count is exactly what the list shows once that value is chosen.
/// </summary>
/// <param name="Filter">The query-string filter it comes from: a facet of that filter leaves it out.</param>
public sealed record FilterCondition(string Filter, string Sql, params object[] Parameters);

/// <summary>A facet: the filter whose values it counts, and the SQL of a document's values.</summary>
/// <param name="Value">The value expression, such as <c>d.location</c>.</param>
/// <param name="Join">A join that makes one row per value, for a list such as skills (<c>cross join lateral …</c>).</param>
public sealed record FacetSource(string Filter, string Value, string? Join = null);

public static class FacetQuery
{
    public const char Placeholder = '^';

    /// <summary>The most values one facet returns.</summary>
    public const int MaxValues = 200;

    /// <summary>The items that meet every condition (each in parentheses: Marten ANDs them as written, and one may hold an OR).</summary>
    public static IQueryable<T> Meeting<T>(this IQueryable<T> items, IEnumerable<FilterCondition> conditions) where T : notnull =>
        conditions.Aggregate(items, (query, condition) => query.Where(x => x.MatchesSql(Placeholder, $"({condition.Sql})", condition.Parameters)));

    /// <summary>
    /// Disjunctive facet counts, as search engines give them, in one query: each facet counts its values among the
    /// documents that meet every condition except its own filter's, so choosing a value shows exactly its count, and the
    /// other values of the same filter keep theirs. Values that differ only in case count as one (the filters ignore
    /// case), shown in their most common spelling; most common first, at most <see cref="MaxValues"/> per facet.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<FacetCount>>> CountAsync<TDocument>(IQuerySession session,
        IReadOnlyList<FacetSource> facets, IReadOnlyList<FilterCondition> conditions, CancellationToken cancellation)
    {
        var table = session.DocumentStore.Options.FindOrResolveDocumentType(typeof(TDocument)).TableName.QualifiedName;
        var sql = new StringBuilder("select jsonb_build_object('Facet', f, 'Value', v, 'Count', n) from (");
        var parameters = new List<object>();
        foreach (var (i, facet) in facets.Index())
        {
            if (i > 0) sql.Append(" union all ");
            // Grouped by the raw value, which the columns' own indexes can count alone; case variants are merged below.
            sql.Append($"select '{facet.Filter}' as f, {facet.Value} as v, count(*) as n from {table} d {facet.Join} where {facet.Value} is not null");
            foreach (var condition in conditions.Where(c => c.Filter != facet.Filter))
            {
                sql.Append(" and (").Append(condition.Sql).Append(')');
                parameters.AddRange(condition.Parameters);
            }
            sql.Append($" group by {facet.Value}");
        }
        sql.Append(") as facets");

        var rows = await session.AdvancedSql.QueryAsync<FacetRow>(Placeholder, sql.ToString(), cancellation, [.. parameters]);
        return facets.ToDictionary(f => f.Filter, f => Merged(rows.Where(r => r.Facet == f.Filter)), StringComparer.Ordinal);
    }

    private static IReadOnlyList<FacetCount> Merged(IEnumerable<FacetRow> rows) =>
    [
        .. rows.GroupBy(r => r.Value.ToLowerInvariant())
            .Select(spellings => new FacetCount(
                spellings.OrderByDescending(r => r.Count).ThenBy(r => r.Value, StringComparer.Ordinal).First().Value,
                spellings.Sum(r => r.Count)))
            .OrderByDescending(f => f.Count).ThenBy(f => f.Value, StringComparer.OrdinalIgnoreCase)
            .Take(MaxValues),
    ];

    private sealed record FacetRow(string Facet, string Value, int Count);
}
