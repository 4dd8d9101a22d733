using Marten;

namespace Zumodra.BuildingBlocks;

/// <summary>
/// Full-text search over some members of a browse document, with one tsvector expression shared by the
/// index and the query: PostgreSQL only uses an expression index when the query repeats it exactly.
/// Members are coalesced so that a missing description does not hide the title.
/// </summary>
public static class FullTextSearch
{
    private const string Config = "'english'::regconfig";

    public static string Vector(string dataColumn, params string[] members) =>
        $"to_tsvector({Config}, {string.Join(" || ' ' || ", members.Select(m => $"coalesce({dataColumn} ->> '{m}', '')"))})";

    /// <summary>The where-clause for <c>MatchesSql</c>; its one parameter is the visitor's search (web-search syntax).</summary>
    public static string Matches(params string[] members) => $"{Vector("d.data", members)} @@ websearch_to_tsquery({Config}, ?)";

    public static MartenRegistry.DocumentMappingExpression<T> FullTextSearchOn<T>(this MartenRegistry.DocumentMappingExpression<T> mapping, params string[] members) =>
        mapping.FullTextIndex(index => index.TsVectorExpression = Vector("data", members));
}
