using System.Globalization;
using System.Text;

namespace Zumodra.Tests.Fuzzing;

/// <summary>
/// JSON written by hand, so that a body can be what no serializer writes: duplicate keys, lone surrogates (escaped),
/// raw control characters, numbers out of range, or not JSON at all.
/// </summary>
internal abstract record JsonText
{
    public abstract void Write(StringBuilder into);

    /// <summary>The JSON text (sealed, or each record would print its members instead).</summary>
    public sealed override string ToString()
    {
        var text = new StringBuilder();
        Write(text);
        return text.ToString();
    }

    public static JsonText Null { get; } = new Raw("null");

    public static JsonText Number(double value) => new Raw(value.ToString("R", CultureInfo.InvariantCulture));

    public static JsonText Bool(bool value) => new Raw(value ? "true" : "false");

    /// <summary>Written as is: a literal, a number in any spelling, or something that is not JSON.</summary>
    public sealed record Raw(string Text) : JsonText
    {
        public override void Write(StringBuilder into) => into.Append(Text);
    }

    /// <summary>A string; <paramref name="Literal"/> writes control and non-ASCII characters unescaped (raw controls make the JSON invalid).</summary>
    public sealed record Str(string Value, bool Literal = false) : JsonText
    {
        public override void Write(StringBuilder into)
        {
            into.Append('"');
            foreach (var c in Value)
            {
                if (c == '"') into.Append("\\\"");
                else if (c == '\\') into.Append("\\\\");
                else if (Literal || (c >= 0x20 && c < 0x7f)) into.Append(c);
                else into.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            into.Append('"');
        }
    }

    public sealed record Arr(IReadOnlyList<JsonText> Items) : JsonText
    {
        public override void Write(StringBuilder into)
        {
            into.Append('[');
            for (var i = 0; i < Items.Count; i++)
            {
                if (i > 0) into.Append(',');
                Items[i].Write(into);
            }
            into.Append(']');
        }
    }

    /// <summary>An object whose members keep their order and may repeat a name.</summary>
    public sealed record Obj(IReadOnlyList<(string Name, JsonText Value)> Members) : JsonText
    {
        public override void Write(StringBuilder into)
        {
            into.Append('{');
            for (var i = 0; i < Members.Count; i++)
            {
                if (i > 0) into.Append(',');
                new Str(Members[i].Name).Write(into);
                into.Append(':');
                Members[i].Value.Write(into);
            }
            into.Append('}');
        }
    }
}
