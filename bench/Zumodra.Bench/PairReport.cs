using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Zumodra.Bench;

/// <summary>What one bench process measured (<c>--record</c>): its fan-out runs, for the pairs report.</summary>
internal sealed record RunRecord(DateTimeOffset Started, double Minutes, double? LoadAtStart, Sample[] Samples)
{
    public static async Task WriteAsync(string path, RunRecord record)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(record), CancellationToken.None);
    }

    public static RunRecord? Read(string path) => File.Exists(path) ? JsonSerializer.Deserialize<RunRecord>(File.ReadAllText(path)) : null;
}

/// <summary>
/// One target's run in bench/run.sh's pairs, as its manifest line says (tab-separated: clients, pair, inline completions
/// on/off, target zumodra/bare with "-N" when on N nodes, the bench's exit status, whether the target was still running when the bench ended, the
/// target's exit status once stopped, the run's name; the record, report and server log are named after it).
/// </summary>
internal sealed record PairRun(int Clients, int Pair, string Inline, string Target, int BenchExit, bool TargetAlive, int TargetExit, string Name, RunRecord? Record)
{
    public Sample? Sample => Record?.Samples.FirstOrDefault(s => s.Kind == ScenarioKind.FanOut);
    public string TargetName => NameOf(Target);

    public static string NameOf(string target) => target.Split('-') switch
    {
        ["zumodra"] => "Zumodra",
        ["bare"] => "bare hub",
        ["zumodra", var nodes] => $"Zumodra on {nodes} nodes",
        ["bare", var nodes] => $"bare hub on {nodes} nodes",
        _ => target,
    };

    /// <summary>What the target is, for the report's header.</summary>
    public static string Describe(string target) => target.Split('-') switch
    {
        ["zumodra"] => "Zumodra on one node (the host as scripts/run.sh runs it, cluster mode off)",
        ["bare"] => "a bare SignalR hub (bench/Zumodra.Bench.BareHub: one INSERT per write, `Clients.All.SendAsync` to every connection)",
        ["zumodra", var nodes] => $"Zumodra on {nodes} nodes (the same host started {nodes} times on one database with `ConnectionStrings__Redis`: "
            + "each node tails the PostgreSQL change log and pushes to its own clients)",
        ["bare", var nodes] => $"the bare hub on {nodes} nodes over SignalR's Redis backplane (`AddStackExchangeRedis`: each broadcast goes "
            + "through Redis to every node's connections)",
        _ => target,
    };

    public bool OnNodes => Target.Contains('-');

    public static PairRun Parse(string line, string directory)
    {
        var f = line.Split('\t');
        if (f.Length != 8) throw new FormatException($"A pairs manifest line has 8 tab-separated fields, not {f.Length}: {line}");
        int Int(string text) => int.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return new PairRun(Int(f[0]), Int(f[1]), f[2], f[3], Int(f[4]), f[5] == "1", Int(f[6]), f[7], RunRecord.Read(Path.Combine(directory, f[7] + ".json")));
    }

    /// <summary>Why this run cannot vouch for its target: deliveries lost, nothing to check, or a process failed.</summary>
    public IEnumerable<string> Failures() => ProcessFailures().Concat(Sample switch
    {
        { Lost: > 0 } s => [$"{Report.Count(s.Lost)} of {Report.Count(s.Expected)} deliveries lost"],
        { Expected: 0 } => ["nothing was delivered to check (no client connected or no write succeeded)"],
        _ => [],
    });

    /// <summary>The bench or the target failed, or the bench recorded nothing.</summary>
    public IEnumerable<string> ProcessFailures()
    {
        if (BenchExit != 0) yield return $"the bench exited with status {BenchExit}";
        if (!TargetAlive) yield return "the target had exited before the bench ended";
        else if (TargetExit != 0) yield return $"the target exited with status {TargetExit} when stopped";
        if (Sample is null) yield return "no figures recorded";
    }
}

/// <summary>
/// The report of <c>bench/run.sh --pairs K</c> (and of its <c>--nodes N</c> and <c>--backplane</c> pairs): per client count,
/// each pair's delivery p99 (subject / reference: Zumodra / bare hub, N nodes / one node, …) and its ratio, the median
/// ratio, lost and duplicated deliveries, writes/s and server CPU per delivery for both. Ends with a one-line verdict on
/// stdout; the exit status is 1 when a delivery was lost or a target or the bench failed, never for time.
/// </summary>
internal static class PairReport
{
    /// <summary>Issue #16: on N nodes, the delivery p99 at most this many times the single node's, nothing lost or duplicated.</summary>
    private const double NodesTarget = 1.3;

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var directory = Path.GetDirectoryName(options.Manifest!) is { Length: > 0 } d ? d : ".";
        var runs = File.ReadAllLines(options.Manifest!).Where(l => l.Length > 0).Select(l => PairRun.Parse(l, directory)).ToList();
        var subject = options.Subject;
        var reference = runs.Select(r => r.Target).FirstOrDefault(t => t != subject) ?? "";
        var versus = $"{PairRun.NameOf(subject)} / {PairRun.NameOf(reference)}";
        await Report.PublishAsync(options, Render(options, runs, directory, subject, reference));
        var failures = runs.SelectMany(r => r.Failures().Select(f => $"{Name(r)}: {f}")).ToList();
        var settings = runs.Select(r => r.Inline).Distinct().Count();
        var sizes = runs.GroupBy(r => (r.Clients, r.Inline)).Select(size =>
            $"{Report.Count(size.Key.Clients)} clients{(settings > 1 ? $" inline {size.Key.Inline}" : "")} {Ratio(MedianRatio(size, subject))}");
        Console.Out.WriteLine(failures.Count == 0
            ? $"pairs: ok — {runs.Count} runs, {Report.Count(runs.Sum(r => r.Sample?.Received ?? 0))} deliveries, 0 lost, "
              + $"{Report.Count(runs.Sum(r => r.Sample?.Duplicates ?? 0))} duplicated, every target exited cleanly; "
              + $"median p99 ratio {versus}: {string.Join(", ", sizes)}"
            : $"pairs: FAILED — {string.Join("; ", failures.Take(3))}" + (failures.Count > 3 ? $" (+{failures.Count - 3} more)" : ""));
        return failures.Count == 0 ? 0 : 1;
    }

    private static string Render(BenchOptions options, List<PairRun> runs, string directory, string subject, string reference)
    {
        var md = new StringBuilder();
        var records = runs.Select(r => r.Record).OfType<RunRecord>().ToList();
        var started = records.Count > 0 ? records.Min(r => r.Started) : DateTimeOffset.UtcNow;
        var ended = records.Count > 0 ? records.Max(r => r.Started.AddMinutes(r.Minutes)) : started;
        var settings = runs.Select(r => r.Inline).Distinct().ToList();

        var (s, r) = (PairRun.NameOf(subject), PairRun.NameOf(reference));
        var order = runs.Select(x => x.TargetName).Distinct().ToList();
        md.AppendLine($"# Live fan-out: {s} against {r}, pair by pair").AppendLine();
        Report.Header(md, options, started, ended - started, records.FirstOrDefault()?.LoadAtStart);
        md.AppendLine($"- Targets: {PairRun.Describe(subject)} and {PairRun.Describe(reference)}, each run in fresh processes on a fresh database, "
            + $"interleaved {string.Join(", ", order)}, {string.Join(", ", order)} …; the same bench client and arguments for both");
        if (runs.Any(x => x.OnNodes))
            md.AppendLine("- Several nodes: the bench's clients connect to the nodes directly, no load balancer (client i to node i mod N); write i goes "
                + "through node i mod N; the nodes share one database and the bench's own redis-server; server CPU is the nodes' sum");
        md.AppendLine($"- Inline socket completions (`DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS`) of both targets: {string.Join(" and ", settings)}"
            + (settings.Count > 1 ? ", in turn in each round of pairs" : ""));
        md.AppendLine($"- Each run's own report, figures and server log: {directory}/<run>.md, .json, .server.log").AppendLine();

        foreach (var clients in runs.Select(r => r.Clients).Distinct())
        {
            md.AppendLine($"## {Report.Count(clients)} clients").AppendLine();
            md.AppendLine($"| Pair | Delivery p99, {s} / {r} | Ratio | Lost | Duplicated | Writes/s | Server CPU per delivery |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
            var judged = new List<string>();
            foreach (var setting in settings)
            {
                var ofSetting = runs.Where(r => r.Clients == clients && r.Inline == setting).ToList();
                var label = settings.Count > 1 ? $", inline {setting}" : "";
                foreach (var pair in ofSetting.Select(r => r.Pair).Distinct())
                {
                    var (z, b) = Of(ofSetting.Where(x => x.Pair == pair), subject);
                    md.AppendLine($"| {pair}{label} | {Both(z, b, x => x.LatencyP99, v => Report.Ms(v) + " ms")} | {Ratio(P99Ratio(z, b))} | "
                        + $"{Both(z, b, x => x.Lost, v => Report.Count((long)v))} | {Both(z, b, x => x.Duplicates, v => Report.Count((long)v))} | "
                        + $"{Both(z, b, x => x.WritesPerSecond, Report.Num)} | {Both(z, b, x => x.ServerCpuMicrosPerDelivery, v => Report.Ms(v) + " µs")} |");
                }
                var zs = ofSetting.Where(x => x.Target == subject).ToList();
                var bs = ofSetting.Where(x => x.Target != subject).ToList();
                md.AppendLine($"| **median{label}** | {Medians(zs, bs, x => x.LatencyP99, v => Report.Ms(v) + " ms")} | **{Ratio(MedianRatio(ofSetting, subject))}** | "
                    + $"{Total(zs, x => x.Lost)} / {Total(bs, x => x.Lost)} (total) | {Total(zs, x => x.Duplicates)} / {Total(bs, x => x.Duplicates)} (total) | "
                    + $"{Medians(zs, bs, x => x.WritesPerSecond, Report.Num)} | {Medians(zs, bs, x => x.ServerCpuMicrosPerDelivery, v => Report.Ms(v) + " µs")} |");
                if (subject.StartsWith("zumodra-", StringComparison.Ordinal) && reference == "zumodra")
                {
                    var ratio = MedianRatio(ofSetting, subject);
                    var met = ratio <= NodesTarget && ofSetting.All(x => x.Sample is { Lost: 0, Duplicates: 0 } && !x.Failures().Any());
                    judged.Add($"Target (issue #16, defined at 3,000 clients and 50 writes/s){label}: median p99 ratio ≤ {NodesTarget:0.0}x, "
                        + $"0 lost, 0 duplicated: {(met ? "✅" : "❌")}");
                }
            }
            md.AppendLine();
            foreach (var line in judged) md.AppendLine(line).AppendLine();
            if (settings is ["on", "off"] or ["off", "on"])
            {
                var ofSize = runs.Where(r => r.Clients == clients).ToList();
                md.AppendLine($"Inline completions on / off, median of the rounds' p99 ratios: {s} {Ratio(OnOff(ofSize, subject))}, "
                    + $"{r} {Ratio(OnOff(ofSize, reference))}.").AppendLine();
            }
        }

        var problems = Report.Problems(runs.Where(r => r.Sample is not null).Select(r => (Name(r), r.Sample!)));
        problems.AddRange(runs.SelectMany(r => r.ProcessFailures().Select(f => $"{Name(r)}: {f}")));
        Report.ProblemsSeen(md, problems);

        md.AppendLine("## How to read this").AppendLine();
        md.AppendLine($"- Ratio: {s}'s delivery p99 over {r}'s in the same pair, measured back to back with the same load; the median of the "
            + "pairs' ratios moves less with what else the machine does than either absolute figure.");
        md.AppendLine("- Delivery latency, lost, writes/s: as in the report of `bench/run.sh` without `--pairs` (each run's own report explains them). "
            + "Server CPU per delivery: the target process's CPU time (user + system, `/proc`) over the measured phase (first write to last delivery) "
            + "divided by the deliveries received, in µs.");
        return md.ToString();
    }

    private static string Name(PairRun r) => $"{Report.Count(r.Clients)} clients, pair {r.Pair}, {r.TargetName}, inline {r.Inline}";

    private static (Sample? Subject, Sample? Reference) Of(IEnumerable<PairRun> pair, string subject)
    {
        var runs = pair.ToList();
        return (runs.FirstOrDefault(r => r.Target == subject)?.Sample, runs.FirstOrDefault(r => r.Target != subject)?.Sample);
    }

    private static double? P99Ratio(Sample? subject, Sample? reference) =>
        subject?.LatencyP99 is { } z && reference?.LatencyP99 is { } b && b > 0 ? z / b : null;

    private static double? MedianRatio(IEnumerable<PairRun> runs, string subject) =>
        Stats.Median(runs.GroupBy(r => (r.Pair, r.Inline)).Select(pair => Of(pair, subject)).Select(p => P99Ratio(p.Subject, p.Reference)));

    private static string Total(List<PairRun> runs, Func<Sample, long> count) => Report.Count(runs.Sum(r => r.Sample is null ? 0 : count(r.Sample)));

    /// <summary>Per round of pairs, one target's p99 with inline completions on over the same target's with them off.</summary>
    private static double? OnOff(List<PairRun> runs, string target) => Stats.Median(runs.Where(r => r.Target == target).GroupBy(r => r.Pair)
        .Select(round => round.FirstOrDefault(r => r.Inline == "on")?.Sample?.LatencyP99 is { } on
                         && round.FirstOrDefault(r => r.Inline == "off")?.Sample?.LatencyP99 is { } off && off > 0
            ? on / off
            : (double?)null));

    private static string Both(Sample? subject, Sample? reference, Func<Sample, double?> figure, Func<double, string> format) =>
        $"{Format(subject is null ? null : figure(subject), format)} / {Format(reference is null ? null : figure(reference), format)}";

    private static string Medians(List<PairRun> subject, List<PairRun> reference, Func<Sample, double?> figure, Func<double, string> format) =>
        $"{Format(Stats.Median(subject.Select(r => r.Sample is null ? null : figure(r.Sample))), format)} / "
        + Format(Stats.Median(reference.Select(r => r.Sample is null ? null : figure(r.Sample))), format);

    private static string Format(double? value, Func<double, string> format) => value is { } v ? format(v) : "—";

    private static string Ratio(double? ratio) => ratio is { } r ? r.ToString("0.00", CultureInfo.InvariantCulture) + "x" : "—";
}
