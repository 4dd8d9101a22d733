using Xunit.Abstractions;
using System.Collections.Concurrent;
using System.Text;

namespace Zumodra.Tests.Fuzzing;

/// <summary>What a fuzz run found, grouped by kind and cause; each group keeps its smallest input as the repro.</summary>
internal sealed class FuzzReport(string target)
{
    private readonly ConcurrentDictionary<(string Kind, string Group), (int Count, int Case, string Input)> _groups = new();
    private readonly ConcurrentDictionary<string, int> _tally = new();

    private readonly List<(double Milliseconds, string What)> _slowest = [];
    private readonly ConcurrentDictionary<string, double> _time = new();

    public int Cases { get; set; }
    public TimeSpan Elapsed { get; set; }

    /// <summary>Counts an outcome (e.g. "GET 400") for the summary.</summary>
    public void Tally(string outcome) => _tally.AddOrUpdate(outcome, 1, (_, n) => n + 1);

    public void Fail(string kind, string group, int @case, string input) =>
        _groups.AddOrUpdate((kind, group), (1, @case, input), (_, seen) =>
            input.Length < seen.Input.Length ? (seen.Count + 1, @case, input) : (seen.Count + 1, seen.Case, seen.Input));

    /// <summary>Keeps the five slowest cases for the summary (to see where the run's time goes).</summary>
    public void Took(TimeSpan elapsed, string what, string route)
    {
        _time.AddOrUpdate(route, elapsed.TotalMilliseconds, (_, total) => total + elapsed.TotalMilliseconds);
        lock (_slowest)
        {
            _slowest.Add((elapsed.TotalMilliseconds, what));
            _slowest.Sort((a, b) => b.Milliseconds.CompareTo(a.Milliseconds));
            if (_slowest.Count > 5) _slowest.RemoveAt(5);
        }
    }

    /// <summary>Replaces a group's repro with a shrunk one (same failure, smaller input).</summary>
    public void Shrunk(string kind, string group, string input) =>
        _groups.AddOrUpdate((kind, group), (1, -1, input), (_, seen) => (seen.Count, seen.Case, input));

    public string Summary => $"{target}: {Cases} cases in {Elapsed.TotalSeconds:F1} s, {FuzzSettings.Replay}";

    /// <summary>How often each outcome happened (to see what the cases reached) and the slowest cases.</summary>
    public string Coverage => "outcomes:\n" + string.Join("\n", _tally.OrderBy(x => x.Key, StringComparer.Ordinal).Select(x => $"  {x.Key} ×{x.Value}"))
        + "\nslowest: " + string.Join(", ", _slowest.Select(x => $"{x.What} {x.Milliseconds:F0} ms"))
        + "\ntime per route: " + string.Join(", ", _time.OrderByDescending(x => x.Value).Select(x => $"{x.Key} {x.Value / 1000:F1} s"));

    /// <summary>The failures of the given kinds, one paragraph per group (route, status, cause, smallest input); empty if none.</summary>
    public string Failures(params string[] kinds)
    {
        var groups = _groups.Where(g => kinds.Contains(g.Key.Kind)).OrderBy(g => g.Key.Kind).ThenBy(g => g.Key.Group, StringComparer.Ordinal).ToList();
        if (groups.Count == 0) return "";
        var text = new StringBuilder($"{groups.Count} failure group(s), {Summary}\n");
        foreach (var ((kind, group), (count, @case, input)) in groups)
            text.Append($"\n[{kind}] {group}\n    {count} case(s); minimal repro (from case #{@case}): {input}\n");
        return text.ToString();
    }

    public void ShouldHaveNo(ITestOutputHelper output, params string[] kinds)
    {
        output.WriteLine(Summary);
        output.WriteLine(Coverage);
        var failures = Failures(kinds);
        if (failures.Length > 0) output.WriteLine(failures);
        failures.ShouldBeEmpty();
    }
}
