namespace Zumodra.BuildingBlocks;

/// <summary>
/// Characters no visitor-supplied text may carry: PostgreSQL refuses NUL in text and jsonb (a 500, and a tombstone in the
/// event store, if it got that far), and control or bidirectional-override characters in a title or a filter only
/// serve to garble or disguise what others are shown. Newline and tab (and carriage return) are allowed where text
/// may span lines, such as descriptions.
/// </summary>
public static class TextRules
{
    /// <summary>The first forbidden character in <paramref name="value"/>, or null when it has none.</summary>
    public static char? ForbiddenCharacter(string value, bool multiline = false)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }
            if (IsForbidden(c, multiline)) return c;
        }
        return null;
    }

    /// <summary>What a validation message says about a value that holds <paramref name="c"/>.</summary>
    public static string Message(string field, char c) =>
        $"'{field}' must not contain control, bidirectional-override or invalid characters (found U+{(int)c:X4}).";

    private static bool IsForbidden(char c, bool multiline) => c switch
    {
        '\n' or '\t' or '\r' => !multiline,
        < ' ' or '\u007F' => true,
        >= '\u0080' and <= '\u009F' => true,
        >= '\u202A' and <= '\u202E' => true,
        >= '\u2066' and <= '\u2069' => true,
        '\uFFFE' or '\uFFFF' => true,
        // A surrogate that is not part of a pair (pairs are skipped above): PostgreSQL cannot store it as UTF-8.
        _ => char.IsSurrogate(c),
    };
}
