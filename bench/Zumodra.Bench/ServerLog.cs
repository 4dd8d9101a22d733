using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Zumodra.Bench;

/// <summary>What the host logged at warning level or above between two points of the run.</summary>
public sealed record LogExcerpt(int Warnings, int Errors, IReadOnlyList<string> Examples)
{
    public static readonly LogExcerpt None = new(0, 0, []);
}

/// <summary>
/// Follows the host's log files (one per node; console output: the simple formatter, as the host's appsettings.json has
/// it, or JSON) and counts warning and error entries written since the last mark.
/// </summary>
public sealed class ServerLog(string[] paths)
{
    private readonly long[] _offsets = new long[paths.Length];

    public void Mark()
    {
        for (var i = 0; i < paths.Length; i++) _offsets[i] = File.Exists(paths[i]) ? new FileInfo(paths[i]).Length : 0;
    }

    public LogExcerpt Since()
    {
        var text = new StringBuilder();
        for (var i = 0; i < paths.Length; i++)
        {
            if (!File.Exists(paths[i])) continue;
            using var stream = new FileStream(paths[i], FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (stream.Length <= _offsets[i]) continue;
            stream.Seek(_offsets[i], SeekOrigin.Begin);
            var length = (int)Math.Min(stream.Length - _offsets[i], 64L * 1024 * 1024);
            var buffer = new byte[length];
            stream.ReadExactly(buffer);
            _offsets[i] += length;
            text.Append(Encoding.UTF8.GetString(buffer)).Append('\n');
        }
        return Count(text.ToString());
    }

    private static LogExcerpt Count(string text)
    {
        int warnings = 0, errors = 0;
        var examples = new List<string>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            var level = LevelOf(line);
            if (level is null) continue;
            if (level == "warn") warnings++;
            else errors++;
            if (examples.Count >= 5) continue;
            // JSON, or the simple formatter on one line (the host's default): one line. The simple formatter on several
            // lines: "warn: Category[id]" then the indented message on the next.
            var example = line.StartsWith('{') ? JsonExample(line) : !line.EndsWith(']') || i + 1 >= lines.Length ? line : line + " " + lines[i + 1].Trim();
            example = example.Length > 400 ? example[..400] + "…" : example;
            if (!examples.Contains(example)) examples.Add(example);
        }
        return new LogExcerpt(warnings, errors, examples);
    }

    private static string? LevelOf(string line)
    {
        // The simple formatter, optionally after a timestamp: "[12:00:00 ]warn: Category[0]".
        var simple = SimpleLevel.Match(line);
        if (simple.Success) return simple.Groups[1].Value == "warn" ? "warn" : "error";
        if (line.Contains("\"LogLevel\":\"Warning\"", StringComparison.Ordinal)) return "warn";
        if (line.Contains("\"LogLevel\":\"Error\"", StringComparison.Ordinal) || line.Contains("\"LogLevel\":\"Critical\"", StringComparison.Ordinal))
            return "error";
        // Unhandled exceptions and runtime failures bypass the logger.
        if (line.StartsWith("Unhandled exception", StringComparison.Ordinal) || line.Contains("OutOfMemoryException", StringComparison.Ordinal))
            return "error";
        return null;
    }

    /// <summary>"Warning Category: message" out of a JSON console entry, or the line as it is when it is not one.</summary>
    private static string JsonExample(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var entry = document.RootElement;
            string? Text(string name) => entry.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            return $"{Text("LogLevel")} {Text("Category")}: {Text("Message")}" + (Text("Exception") is { } e ? $" — {e.Split('\n')[0]}" : "");
        }
        catch (JsonException)
        {
            return line;
        }
    }

    private static readonly Regex SimpleLevel = new(@"^(?:\S+ )?(warn|fail|crit): ", RegexOptions.Compiled);
}
