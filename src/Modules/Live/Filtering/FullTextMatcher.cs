using Marten;

namespace Zumodra.Live.Filtering;

/// <summary>Decides <c>search</c> filters for live changes and catch-ups.</summary>
internal interface IFullTextMatcher
{
    /// <summary>Which of <paramref name="searches"/> match <paramref name="text"/>.</summary>
    Task<IReadOnlySet<string>> MatchingSearchesAsync(string text, IReadOnlyCollection<string> searches, CancellationToken cancellation);

    /// <summary>Which of <paramref name="texts"/> (by index) match <paramref name="search"/>.</summary>
    Task<IReadOnlySet<int>> MatchingTextsAsync(string search, IReadOnlyList<string> texts, CancellationToken cancellation);
}

/// <summary>
/// Decides <c>search</c> filters with PostgreSQL's own full-text functions, so a live page matches exactly what the
/// browse API's search returns. One round trip per change (all distinct searches at once), or per catch-up.
/// </summary>
internal sealed class FullTextMatcher(IDocumentStore store) : IFullTextMatcher
{
    private const string Config = "'english'::regconfig";

    public async Task<IReadOnlySet<string>> MatchingSearchesAsync(string text, IReadOnlyCollection<string> searches, CancellationToken cancellation)
    {
        if (searches.Count == 0) return new HashSet<string>();
        await using var session = store.QuerySession();
        var matches = await session.AdvancedSql.QueryAsync<string>(
            $"select q from unnest(?::text[]) as q where to_tsvector({Config}, ?) @@ websearch_to_tsquery({Config}, q)",
            cancellation, searches.ToArray(), text);
        return matches.ToHashSet();
    }

    public async Task<IReadOnlySet<int>> MatchingTextsAsync(string search, IReadOnlyList<string> texts, CancellationToken cancellation)
    {
        if (texts.Count == 0) return new HashSet<int>();
        await using var session = store.QuerySession();
        var matches = await session.AdvancedSql.QueryAsync<int>(
            $"select (i - 1)::int from unnest(?::text[]) with ordinality as t(txt, i) where to_tsvector({Config}, txt) @@ websearch_to_tsquery({Config}, ?)",
            cancellation, texts.ToArray(), search);
        return matches.ToHashSet();
    }
}
