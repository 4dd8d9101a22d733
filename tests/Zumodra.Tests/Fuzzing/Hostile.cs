using System.Text;
using CsCheck;

namespace Zumodra.Tests.Fuzzing;

/// <summary>The random and edge values every fuzz case draws from (CsCheck generators over one case's <see cref="PCG"/>).</summary>
internal static class Hostile
{
    /// <summary>Characters that break naive code: NUL and other controls, DEL, C1, bidi overrides and isolates, BOM, non-characters, lone surrogates, quotes, tsquery operators.</summary>
    private static readonly Gen<char> Nasty = Gen.OneOf(
        '\0', '\u0001', '\u0007', '\b', '\u001b', '\u001f', '\u007f', '\u0085', '\u009f', '\u200e', '\u202e', '\u2066', '\u2069',
        '\ufeff', '\ufffe', '\uffff', '\ud800', '\udfff', '\t', '\n', '\r', '-', '"', '\'', '\\', '<', '>', '&', '%', '*', ':', '!',
        '|', '(', ')', ' ', '+', '/', '?', '#', '=', ';', ',', '.');

    private static readonly Gen<char> Letter = Gen.Char["abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 "];

    private static readonly Gen<char> Unicode = Gen.OneOf('ü', 'ß', 'é', '東', '京', 'م', 'ر', '\u0301', 'Ω', 'ı', 'İ', '\u00a0', '\u2028', '\u3000');

    /// <summary>Text mixing ordinary letters with hostile and non-ASCII characters.</summary>
    private static readonly Gen<string> Mixed = Gen.Int[0, 40].SelectMany(length =>
        Gen.Frequency((6, Letter), (3, Nasty), (2, Unicode), (1, Gen.Char)).Array[length].Select(chars => new string(chars)));

    private static readonly Gen<string> Special = Gen.OneOf(
        "", " ", "a", "-", "--", "\"", "'", "''", "\\", "a\0b", "\0", "null", "undefined", "true", "false", "[]", "{}", "' OR 1=1 --",
        "a:*", "!a", "a & b", "a | b", "<->", "(a", "a)", "\"unterminated", "<script>alert(1)</script>", "%00", "%", "%zz", "${x}",
        "../../etc/passwd", "\u202eevil", "\u2066a\u2069", "🚀", "👩‍💻", "\ud83d", "\ude80", "Zürich", "東京", "مرحبا", "\r\n", "\t",
        "a\u0000", "\u001b[31mred", "\a\a\a");

    private static readonly Gen<string> Numeric = Gen.OneOf(
        "0", "-0", "1", "-1", "2147483647", "2147483648", "-2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
        "-9223372036854775809", "1e309", "-1e309", "1e-400", "NaN", "Infinity", "-Infinity", "1.5", "0.0000001", "0x10", " 1", "1 ",
        "+1", "00001", "1,5", "١٢", "1_000", "99999999999999999999999999999", "4.9e-324", "1.7976931348623157E+308");

    private static readonly Gen<string> Dashes = Gen.Int[1, 120].Select(n => new string('-', n));

    private static readonly Gen<string> ManyWords = Gen.Int[10, 300].SelectMany(n =>
        Gen.OneOf("a", "-a", "a:*", "!a", "\"a", "a|", "&", "(", "-", "-\"").Array[n].Select(words => string.Join(' ', words)));

    /// <summary>Huge text: up to 20,000 characters (query strings and hub arguments are capped elsewhere).</summary>
    private static readonly Gen<string> Huge = Gen.Int[201, 20_000].SelectMany(n => Gen.OneOf('x', '-', 'é', '\0', ' ').Select(c => new string(c, n)));

    public static readonly Gen<string> Text = Gen.Frequency(
        (6, Mixed), (4, Special), (3, Numeric), (2, Dashes), (2, ManyWords), (1, Huge), (1, Gen.String[0, 30]));

    /// <summary>GUID-shaped and not: random, empty, braces, no dashes, upper case, truncated, plus any hostile text.</summary>
    public static Gen<string> Id(IReadOnlyList<Guid> known) => Gen.Frequency(
        (3, Gen.Guid.Select(g => g.ToString())),
        (2, Gen.Const(Guid.Empty.ToString())),
        (known.Count > 0 ? 4 : 0, Gen.Int[0, Math.Max(0, known.Count - 1)].Select(i => known[i].ToString())),
        (1, Gen.Guid.Select(g => g.ToString("B"))),
        (1, Gen.Guid.Select(g => g.ToString("N"))),
        (1, Gen.Guid.Select(g => g.ToString().ToUpperInvariant())),
        (1, Gen.Guid.Select(g => g.ToString()[..35])),
        (3, Text));

    /// <summary>A plausible value for a field, guessed from its name, so that some writes succeed and later cases reach existing items.</summary>
    public static Gen<JsonText> Plausible(BodyField field) => field.Types.Contains("array")
        ? Gen.OneOf("C#", "PostgreSQL", "Design").Array[0, 3].Select(items => (JsonText)new JsonText.Arr([.. items.Select(Str)]))
        : Plausible(field.Name);

    public static Gen<JsonText> Plausible(string field)
    {
        var name = field.ToLowerInvariant();
        if (name.Contains("type")) return Gen.OneOf("full_time", "part_time", "contract", "internship", "temporary").Select(Str);
        if (name.Contains("currency")) return Gen.OneOf("EUR", "USD", "GBP").Select(Str);
        if (name.Contains("latitude")) return Gen.Double[-90, 90].Select(JsonText.Number);
        if (name.Contains("longitude")) return Gen.Double[-180, 180].Select(JsonText.Number);
        if (name.Contains("min")) return Gen.Int[0, 50_000].Select(i => JsonText.Number(i));
        if (name.Contains("max")) return Gen.Int[50_000, 200_000].Select(i => JsonText.Number(i));
        if (name.Contains("url") || name.Contains("website")) return Gen.Const(Str("https://example.com/fuzz"));
        if (name.Contains("email")) return Gen.Const(Str("fuzz@example.com"));
        if (name.Contains("deadline") || name.Contains("closes") || name.Contains("date")) return Gen.Const(Str(DateTime.UtcNow.AddDays(30).ToString("O")));
        if (name.Contains("remote")) return Gen.Bool.Select(JsonText.Bool);
        if (name == "version") return Gen.Const(JsonText.Null);
        if (name.Contains("companyid")) return Gen.Const(JsonText.Null);
        return Gen.OneOf("Fuzz Engineer", "Berlin, Germany", "Engineering", "Acme", "C#").Select(Str);
    }

    /// <summary>Any JSON value, nested up to <paramref name="depth"/>: hostile strings, edge numbers, wrong shapes.</summary>
    public static Gen<JsonText> AnyJson(int depth) => depth <= 0
        ? Scalar
        : Gen.Frequency(
            (6, Scalar),
            (1, Gen.Int[0, 4].SelectMany(n => AnyJson(depth - 1).Array[n]).Select(items => (JsonText)new JsonText.Arr(items))),
            (1, Gen.Int[0, 4].SelectMany(n => Gen.Select(Text, AnyJson(depth - 1)).Array[n])
                .Select(members => (JsonText)new JsonText.Obj([.. members.Select(m => (Trim(m.Item1, 60), m.Item2))]))));

    public static readonly Gen<JsonText> Scalar = Gen.Frequency(
        (4, Text.Select(Str)),
        (1, Text.Select(t => (JsonText)new JsonText.Str(t, Literal: true))),
        (2, Numeric.Select(n => (JsonText)new JsonText.Raw(n))),
        (1, Gen.Const(JsonText.Null)),
        (1, Gen.Bool.Select(JsonText.Bool)));

    public static JsonText Str(string value) => new JsonText.Str(value);

    public static string Trim(string text, int max) => text.Length > max ? text[..max] : text;

    /// <summary>Percent-encodes everything but unreserved characters (lone surrogates become U+FFFD, as a browser sends them).</summary>
    public static string Escape(string value)
    {
        var escaped = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
            escaped.Append(char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~' ? ((char)b).ToString() : $"%{b:X2}");
        return escaped.ToString();
    }

    /// <summary>Text as a reader sees it in a failure message: invisible and non-ASCII characters as \uXXXX, long runs cut.</summary>
    public static string Visible(string text, int max = 300)
    {
        var shown = new StringBuilder();
        foreach (var c in text.Length > max ? text[..max] : text)
            shown.Append(c is >= ' ' and < '\u007f' ? c.ToString() : $"\\u{(int)c:x4}");
        if (text.Length > max) shown.Append($"…(+{text.Length - max} chars)");
        return shown.ToString();
    }
}
