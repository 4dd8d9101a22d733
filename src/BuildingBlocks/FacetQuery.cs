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

/// <summary>A facet: the filter whose values it counts, and the SQL of a document's value.</summary>
/// <param name="Value">The value expression, such as <c>d.location</c>; with <paramref name="Many"/>, a JSON array of values (skills).</param>
public sealed record FacetSource(string Filter, string Value, bool Many = false);

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
        var faceted = facets.Select(f => f.Filter).ToHashSet(StringComparer.Ordinal);
        var (sql, parameters) = conditions.Any(c => !faceted.Contains(c.Filter))
            ? FromMatches(table, facets, conditions, faceted)
            : FromTable(table, facets, conditions);
        var rows = await session.AdvancedSql.QueryAsync<FacetRow>(Placeholder, sql, cancellation, [.. parameters]);
        return facets.ToDictionary(f => f.Filter, f => Merged(rows.Where(r => r.Facet == f.Filter)), StringComparer.Ordinal);
    }

    /// <summary>
    /// Each facet from the table, with the other conditions: without a full-text search, every branch is answered from
    /// indexes (unfiltered, from the columns' own indexes alone). Values are grouped raw; case variants are merged after.
    /// </summary>
    private static (string Sql, List<object> Parameters) FromTable(string table, IReadOnlyList<FacetSource> facets, IReadOnlyList<FilterCondition> conditions)
    {
        var others = facets.Select(facet => conditions.Where(c => c.Filter != facet.Filter).ToList()).ToList();
        var branches = facets.Select((facet, i) => Branch(facet, facet.Value, $"{table} d", others[i].Select(c => $"({c.Sql})")));
        return (Rows(branches), [.. others.SelectMany(o => o.SelectMany(c => c.Parameters))]);
    }

    /// <summary>
    /// With a condition no facet leaves out (a search), the documents meeting those are read once, with each facet's value
    /// and whether each faceted condition holds; every facet then counts from that set, not from another full-text scan.
    /// </summary>
    private static (string Sql, List<object> Parameters) FromMatches(string table, IReadOnlyList<FacetSource> facets,
        IReadOnlyList<FilterCondition> conditions, HashSet<string> faceted)
    {
        var own = conditions.Where(c => faceted.Contains(c.Filter)).ToList();
        var always = conditions.Where(c => !faceted.Contains(c.Filter)).ToList();
        var columns = facets.Select((f, i) => $"{f.Value} as v{i}").Concat(own.Select((c, i) => $"({c.Sql}) as m{i}"));
        var sql = $"with matches as materialized (select {string.Join(", ", columns)} from {table} d where {string.Join(" and ", always.Select(c => $"({c.Sql})"))}) ";
        var branches = facets.Select((facet, i) =>
            Branch(facet, $"b.v{i}", "matches b", own.Select((c, k) => (c, k)).Where(x => x.c.Filter != facet.Filter).Select(x => $"b.m{x.k}")));
        return (sql + Rows(branches), [.. own.SelectMany(c => c.Parameters), .. always.SelectMany(c => c.Parameters)]);
    }

    /// <summary>One facet's counts of <paramref name="value"/> over <paramref name="from"/> where every condition holds.</summary>
    private static string Branch(FacetSource facet, string value, string from, IEnumerable<string> conditions)
    {
        if (facet.Many)
        {
            from += $" cross join lateral jsonb_array_elements_text({value}) as s(v)";
            value = "s.v";
        }
        return $"select '{facet.Filter}' as f, {value} as v, count(*) as n from {from} where {string.Join(" and ", [$"{value} is not null", .. conditions])} group by {value}";
    }

    private static string Rows(IEnumerable<string> branches) =>
        $"select jsonb_build_object('Facet', f, 'Value', v, 'Count', n) from ({string.Join(" union all ", branches)}) as facets";

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
