using System.Text;
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

    /// <summary>The condition of a <see cref="FilterCondition"/>; its one parameter is the visitor's search (web-search syntax).</summary>
    public static string Matches(params string[] members) => $"{Vector("d.data", members)} @@ websearch_to_tsquery({Config}, {FacetQuery.Placeholder})";

    /// <summary>At most this many words in one search; more only slows the query and cannot narrow it usefully.</summary>
    public const int MaxTerms = 16;

    /// <summary>
    /// The visitor's search as web-search text PostgreSQL always accepts: words (one leading <c>-</c> excludes a word),
    /// <c>"phrases"</c> and <c>or</c>, at most <see cref="MaxTerms"/> words. Runs of <c>-</c> are what
    /// <c>websearch_to_tsquery</c> rejects ("tsquery stack too small"), so a <c>-</c> survives only inside a hyphenated
    /// word or as one word's exclusion, and tokens without a letter or digit are dropped. Null when nothing is left.
    /// </summary>
    public static string? Sanitize(string search)
    {
        var result = new StringBuilder();
        var terms = 0;
        // Only quotes that pair up open and close phrases: the first ones, an even number of them.
        var pairedQuotes = search.Count(c => c == '"') / 2 * 2;
        var inPhrase = false;
        var phraseStart = -1;
        // An "or" is written only once a word follows it, so none is left dangling at the end.
        var orAllowed = false;
        var orPending = false;
        foreach (var token in Tokens(search))
        {
            if (token == "\"")
            {
                if (pairedQuotes-- <= 0) continue;
                inPhrase = !inPhrase;
                if (inPhrase)
                {
                    phraseStart = result.Length;
                    result.Append('"');
                }
                // A phrase without a word is dropped whole.
                else if (result.Length == phraseStart + 1) result.Length = phraseStart;
                else result.Append('"');
                orAllowed = !inPhrase && result.Length > 0;
                continue;
            }
            if (!inPhrase && token.Equals("or", StringComparison.OrdinalIgnoreCase))
            {
                orPending |= orAllowed;
                orAllowed = false;
                continue;
            }
            if (terms == MaxTerms || !token.Any(char.IsLetterOrDigit)) continue;
            terms++;
            if (inPhrase && result.Length == phraseStart + 1)
            {
                Separate(result, phraseStart, ref orPending);
                phraseStart = result.Length - 1;
            }
            else if (inPhrase) result.Append(' ');
            else Separate(result, result.Length, ref orPending);
            result.Append(inPhrase ? token.TrimStart('-') : token);
            orAllowed = true;
        }
        return terms == 0 ? null : result.ToString();
    }

    /// <summary>Puts a space, or " or " when one is pending, at <paramref name="at"/> unless that is the very start.</summary>
    private static void Separate(StringBuilder result, int at, ref bool orPending)
    {
        if (at > 0) result.Insert(at, orPending ? " or " : " ");
        orPending = false;
    }

    /// <summary>
    /// Whitespace-separated tokens, each double quote a token of its own. A <c>-</c> is kept only between two letters or
    /// digits, or once at the start of a token before one; anywhere else it separates, like control characters.
    /// </summary>
    private static IEnumerable<string> Tokens(string text)
    {
        var token = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var nextIsWord = i + 1 < text.Length && char.IsLetterOrDigit(text[i + 1]);
            var keptDash = c == '-' && nextIsWord && (token.Length == 0 || char.IsLetterOrDigit(token[^1]));
            if (char.IsWhiteSpace(c) || char.IsControl(c) || c == '"' || (c == '-' && !keptDash))
            {
                if (token.Length > 0) yield return token.ToString();
                token.Clear();
                if (c == '"') yield return "\"";
            }
            else token.Append(c);
        }
        if (token.Length > 0) yield return token.ToString();
    }

    public static MartenRegistry.DocumentMappingExpression<T> FullTextSearchOn<T>(this MartenRegistry.DocumentMappingExpression<T> mapping, params string[] members) =>
        mapping.FullTextIndex(index => index.TsVectorExpression = Vector("data", members));
}
