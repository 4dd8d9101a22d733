using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Zumodra.Bench;

/// <summary>One scenario's runs, summarised: medians of the figures, totals of the counts.</summary>
public sealed class Summary(ScenarioKind kind, int clients, IReadOnlyList<Sample> runs)
{
    public ScenarioKind Kind { get; } = kind;
    public int Clients { get; } = clients;
    public IReadOnlyList<Sample> Runs { get; } = runs;

    public double? Median(Func<Sample, double?> figure) => Stats.Median(Runs.Select(figure));
    public long Total(Func<Sample, long> count) => Runs.Sum(count);
    public bool Complete => Runs.All(r => r.Aborted is null);
    public int Hostile { get; init; }

    public string Title => Kind == ScenarioKind.Idle
        ? $"{Clients.ToString("N0", CultureInfo.InvariantCulture)} idle"
        : $"{Clients.ToString("N0", CultureInfo.InvariantCulture)} clients" + (Hostile > 0 ? $" + {Hostile} hostile" : "");
}

public sealed record Target(string Scenario, string What, bool? Met);

/// <summary>Renders the Markdown report: one column per scenario, the targets beside the figures they judge.</summary>
public static class Report
{
    private const double GiB = 1024 * 1024 * 1024;
    private const double TargetRate = 50;

    public static string Render(BenchOptions options, IReadOnlyList<Summary> summaries, Sample? warmup, DateTimeOffset started, TimeSpan took, double? loadAtStart)
    {
        var targets = new List<Target>();
        var md = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;

        md.AppendLine("# Live fan-out benchmark").AppendLine();
        Header(md, options, started, took, loadAtStart);
        md.AppendLine($"- Host: {string.Join(", ", options.Urls.Select(url => url.ToString().TrimEnd('/')))} (Release build"
            + (options.ServerPids.Length > 0 ? $", pid {string.Join(", ", options.ServerPids)}" : ", pid unknown: no CPU/RSS figures") + ")"
            + (options.Urls.Length > 1 ? $"; {options.Urls.Length} nodes: client i connects to node i mod {options.Urls.Length}, write i goes through node i mod {options.Urls.Length}, server CPU and RSS are the nodes' sums" : ""));
        md.AppendLine($"- Figures are the median of {options.Repeat} run(s) per fan-out scenario"
            + (options.IdleClients > 0 ? $" and {options.IdleRepeat} of the idle one" : "") + "; counts (deliveries, lost, failures) are totals over the runs");
        if (warmup is not null)
            md.AppendLine($"- Before the first scenario, an unreported warm-up round: {Count(warmup.Connected)} clients, {Count(warmup.WritesSucceeded)} writes, "
                + $"{Count(warmup.Received)} of {Count(warmup.Expected)} deliveries" + (warmup.Aborted is null ? "" : $" (aborted: {warmup.Aborted})"));
        md.AppendLine();

        md.Append("| |");
        foreach (var s in summaries) md.Append($" {s.Title} |");
        md.AppendLine();
        md.Append("|---|");
        foreach (var _ in summaries) md.Append("---|");
        md.AppendLine();

        Row(md, summaries, "Connect: ramp total", s => Seconds(s.Median(r => r.RampSeconds)));
        Row(md, summaries, "Connect: handshake p50 / p99 (max)", s =>
        {
            var text = $"{Ms(s.Median(r => r.HandshakeP50))} / {Ms(s.Median(r => r.HandshakeP99))} ({Ms(s.Median(r => r.HandshakeMax))}) ms";
            if (s.Kind != ScenarioKind.Idle) return text;
            var p99 = s.Median(r => r.HandshakeP99);
            return text + Judge(targets, s, "handshake p99 ≤ 100 ms", p99 is { } v && s.Complete ? v <= 100 : null);
        });
        Row(md, summaries, "Connected / failed", s =>
            $"{Count(s.Total(r => r.Connected))} / {Count(s.Total(r => r.ConnectFailures))}");
        Row(md, summaries, "Warm-up write reached all clients after", s =>
            s.Median(r => r.WarmupFanOutMs) is { } w ? $"{Ms(w)} ms ({Count(s.Total(r => r.WarmupReached))} reached)" : "—");
        Row(md, summaries, "Writes ok / failed", s =>
            $"{Count(s.Total(r => r.WritesSucceeded))} / {Count(s.Total(r => r.WritesFailed))}");
        Row(md, summaries, "Writes/s achieved (requested)", s =>
        {
            if (s.Runs.All(r => r.WritesPlanned == 0)) return "—";
            if (s.Kind == ScenarioKind.Idle) return $"{s.Runs[0].WritesPlanned} writes spread over the hold";
            var rate = s.Median(r => r.WritesPerSecond) ?? 0;
            var requested = s.Runs[0].RequestedRate;
            var text = $"{Num(rate)} ({Num(requested)})";
            if (s is not { Kind: ScenarioKind.FanOut, Clients: 3000, Hostile: 0 }) return text;
            var sustained = s.Complete && rate >= 0.95 * requested && s.Total(r => r.WritesFailed) == 0;
            return text + Judge(targets, s, $"rate sustained (≥ 95 % of {Num(requested)}/s, no failed write){AtRate(options)}", sustained);
        });
        Row(md, summaries, "Delivery throughput (writes reaching clients per s)", s => s.Median(r => r.RelayRate) is { } relay ? Num(relay) : "—");
        Row(md, summaries, "Write HTTP response p50 / p99", s =>
            s.Runs.All(r => r.WritesSucceeded == 0) ? "—" : $"{Ms(s.Median(r => r.WriteP50))} / {Ms(s.Median(r => r.WriteP99))} ms");
        Row(md, summaries, "Delivery latency p50 / p99 / max", s =>
        {
            if (s.Median(r => r.LatencyP99) is not { } p99) return "—";
            var text = $"{Ms(s.Median(r => r.LatencyP50))} / {Ms(p99)} / {Ms(s.Median(r => r.LatencyMax))} ms";
            return s switch
            {
                { Kind: ScenarioKind.FanOut, Clients: 1000, Hostile: 0 } => text + Judge(targets, s, $"p99 ≤ 50 ms{AtRate(options)}", s.Complete ? p99 <= 50 : null),
                { Kind: ScenarioKind.FanOut, Clients: 3000, Hostile: 0 } => text + Judge(targets, s, $"p99 ≤ 300 ms{AtRate(options)}", s.Complete ? p99 <= 300 : null),
                _ => text,
            };
        });
        if (options.Hostile > 0)
        {
            Row(md, summaries, "Delivery p99 next to hostile connections / without them (ratio)", s =>
            {
                if (s.Hostile == 0 || s.Median(r => r.LatencyP99) is not { } p99) return "—";
                var baseline = summaries.FirstOrDefault(b => b is { Kind: ScenarioKind.FanOut, Hostile: 0 } && b.Clients == s.Clients)?.Median(r => r.LatencyP99);
                if (baseline is not { } without || without <= 0) return $"{Ms(p99)} ms / —";
                var ratio = p99 / without;
                var lost = s.Total(r => r.Lost);
                var met = s.Complete && ratio <= 1.5 && lost == 0 && s.Total(r => r.Received) > 0;
                return $"{Ms(p99)} / {Ms(without)} ms ({ratio.ToString("0.00", inv)}x), {Count(lost)} lost"
                    + Judge(targets, s, "p99 within 1.5x of the same run without hostile connections, 0 lost", met);
            });
            Row(md, summaries, "Hostile: connects ok / failed; calls answered / rate_limited / invalid_filters / other", s =>
                s.Runs.Select(r => r.HostileTally).OfType<HostileTally>().ToList() is { Count: > 0 } tallies
                    ? $"{Count(tallies.Sum(t => t.Connects))} / {Count(tallies.Sum(t => t.ConnectsRefused))}; {Count(tallies.Sum(t => t.Answered))} / "
                      + $"{Count(tallies.Sum(t => t.RateLimited))} / {Count(tallies.Sum(t => t.InvalidFilters))} / {Count(tallies.Sum(t => t.OtherErrors))}"
                    : "—");
        }
        Row(md, summaries, "… of which: send → first client p50 / p99", s =>
            s.Median(r => r.FirstClientP99) is { } p99 ? $"{Ms(s.Median(r => r.FirstClientP50))} / {Ms(p99)} ms" : "—");
        Row(md, summaries, "… and first → last client (fan-out spread) p50 / p99", s =>
            s.Median(r => r.SpreadP99) is { } p99 ? $"{Ms(s.Median(r => r.SpreadP50))} / {Ms(p99)} ms" : "—");
        Row(md, summaries, "Deliveries expected / received", s =>
            $"{Count(s.Total(r => r.Expected))} / {Count(s.Total(r => r.Received))}");
        Row(md, summaries, "Lost", s =>
        {
            var lost = s.Total(r => r.Lost);
            var text = Count(lost) + (lost > 0 ? $" (not received within {Num(options.DrainTimeout.TotalSeconds)} s of the last write)" : "");
            if (s.Kind != ScenarioKind.FanOut || s.Hostile > 0 || s.Clients is not (1000 or 3000)) return text;
            var met = s.Complete && lost == 0 && s.Total(r => r.ConnectFailures) == 0 && s.Total(r => r.Received) > 0;
            return text + Judge(targets, s, $"zero lost (and every client connected){AtRate(options)}", met);
        });
        Row(md, summaries, "Clients that missed deliveries / not connected at the end", s =>
            $"{Count(s.Total(r => r.ClientsMissing))} / {Count(s.Total(r => r.DisconnectedAtEnd))}");
        Row(md, summaries, "Duplicate / stray pushes", s => $"{Count(s.Total(r => r.Duplicates))} / {Count(s.Total(r => r.Stray))}");
        Row(md, summaries, "Earlier writes still relayed: before the ramp (wait) / during the run", s =>
            $"{Count(s.Total(r => r.SettlePushes))} ({Seconds(s.Median(r => r.SettleSeconds))}) / {Count(s.Total(r => r.FromEarlier))}");
        Row(md, summaries, "Socket buffers, max: bench unread / host unsent", s =>
            $"{KiB(s.Median(r => r.MaxClientReceiveQueue))} / {KiB(s.Median(r => r.MaxServerSendQueue))} KiB");
        Row(md, summaries, "Bench thread-pool backlog, max (work items)", s => Count((long)(s.Median(r => r.MaxBenchPendingWork) ?? 0)));
        Row(md, summaries, "Server CPU (% of one core)", s => Percent(s.Median(r => r.ServerCpuPercent)));
        Row(md, summaries, "Bench client CPU (% of one core)", s => Percent(s.Median(r => r.BenchCpuPercent)));
        Row(md, summaries, "PostgreSQL CPU (% of one core)", s => Percent(s.Median(r => r.PostgresCpuPercent)));
        Row(md, summaries, "Other processes' CPU (% of one core)", s => Percent(s.Median(r => r.OthersCpuPercent)));
        Row(md, summaries, $"Machine CPU (% of all {Environment.ProcessorCount} cores)", s => Percent(s.Median(r => r.MachineCpuPercent)));
        Row(md, summaries, "Load average (1 min) at the end", s => s.Median(r => r.LoadAverage) is { } l ? l.ToString("0.0", inv) : "—");
        Row(md, summaries, "Server RSS before / connected / after", s =>
        {
            var text = $"{MiB(s.Median(r => r.RssBefore))} / {MiB(s.Median(r => r.RssConnected))} / {MiB(s.Median(r => r.RssAfter))} MiB";
            if (s.Kind != ScenarioKind.Idle) return text;
            var peak = s.Median(r => r.RssPeak);
            return text + Judge(targets, s, "≤ 1 GiB server memory in total", peak is { } p && s.Complete ? p <= GiB : null);
        });
        Row(md, summaries, "Server memory per connection", s =>
            s.Median(r => r.BytesPerConnection) is { } b ? $"{(b / 1024).ToString("0.0", inv)} KiB" : "—");
        Row(md, summaries, "Server log warnings / errors: during the run; while the clients disconnect", s =>
            options.ServerLogs.Length > 0
                ? $"{Count(s.Runs.Sum(r => r.Log.Warnings))} / {Count(s.Runs.Sum(r => r.Log.Errors))}; "
                  + $"{Count(s.Runs.Sum(r => r.TeardownLog.Warnings))} / {Count(s.Runs.Sum(r => r.TeardownLog.Errors))}"
                : "—");
        md.AppendLine();

        md.AppendLine("## Targets").AppendLine();
        if (targets.Count == 0) md.AppendLine("No scenario with a target ran (targets: 1,000 and 3,000 clients at 50 w/s, 10,000 idle).");
        foreach (var target in targets)
            md.AppendLine($"- {Mark(target.Met)} {target.Scenario}: {target.What}");
        md.AppendLine();

        md.AppendLine("## Each run").AppendLine();
        md.AppendLine("| Scenario | Run | Connected | Ramp | Handshake p50 / p99 | Writes/s | Latency p50 / p99 / max | Expected / received | Lost | Server CPU | RSS connected |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var s in summaries)
        foreach (var r in s.Runs)
        {
            md.AppendLine($"| {s.Title} | {r.Run} | {Count(r.Connected)} | {Seconds(r.RampSeconds)} | {Ms(r.HandshakeP50)} / {Ms(r.HandshakeP99)} ms | "
                + $"{(r.WritesPlanned == 0 ? "—" : Num(r.WritesPerSecond))} | "
                + (r.LatencyP99 is null ? "—" : $"{Ms(r.LatencyP50)} / {Ms(r.LatencyP99)} / {Ms(r.LatencyMax)} ms") + " | "
                + $"{Count(r.Expected)} / {Count(r.Received)} | {Count(r.Lost)} | {Percent(r.ServerCpuPercent)} | {MiB(r.RssConnected)} MiB |");
        }
        md.AppendLine();

        var runs = summaries.SelectMany(s => s.Runs.Select(r => ($"{s.Title}, run {r.Run}", r)));
        ProblemsSeen(md, warmup is null ? Problems(runs) : Problems([("warm-up round", warmup), .. runs]));

        md.AppendLine("## How to read this").AppendLine();
        md.AppendLine("- Handshake: TCP connect, WebSocket upgrade and SignalR handshake (the protocol client: until the handshake answer; `HubConnection.StartAsync` for the SignalR client), measured during the ramp; ramp: opening all of them.");
        md.AppendLine("- Delivery latency: from just before a write's HTTP request is sent to a client receiving the `job_created` that carries its title, on one clock "
            + "(writer and clients share the bench process); every client and every write counts. It splits into *send → first client* (HTTP write, commit, the relay's queue, one push) "
            + "and *first → last client* (pushing that write to every subscriber). Lost: expected (connected clients × successful writes) minus received.");
        md.AppendLine("- Writes/s: successful writes divided by the time from the first request to the last response; writes are scheduled open-loop at the requested rate.");
        md.AppendLine("- CPU: user + system time from `/proc/<pid>/stat` over the measured phase (first write to last delivery; the idle scenario: the hold), "
            + "as % of one core (200 % = both cores of a 2-core machine); PostgreSQL: all its processes; other processes: the machine's busy time minus host, bench and PostgreSQL "
            + "(anything else running competes with the benchmark and skews it). Delivery throughput: successful writes that reached a client / (last such first delivery − first send). "
            + "Socket buffers: sampled every 0.5 s from `/proc/net/tcp` — a large *bench unread* means the bench client fell behind; small figures on both sides while "
            + "deliveries lag mean the backlog is inside the host. RSS: `VmRSS` from `/proc/<pid>/status` before connecting, once connected and warmed up, and after the writes. "
            + "Memory per connection: (RSS connected − RSS before) / connected clients; the host uses the server GC, which keeps freed memory, so after an earlier, bigger scenario "
            + "the baseline is inflated and the figure understates.");
        return md.ToString();
    }

    /// <summary>The lines common to every report's header: when, where, which clients, which writes, the host's environment.</summary>
    public static void Header(StringBuilder md, BenchOptions options, DateTimeOffset started, TimeSpan took, double? loadAtStart)
    {
        var inv = CultureInfo.InvariantCulture;
        md.AppendLine($"- Run: {started.UtcDateTime.ToString("yyyy-MM-dd HH:mm", inv)} UTC, took {took.TotalMinutes.ToString("0.0", inv)} min"
            + (options.Label is null ? "" : $"; {options.Label}"));
        var memory = ProcStats.MachineMemoryBytes();
        md.AppendLine($"- Machine: {Environment.ProcessorCount} CPUs"
            + (memory is { } m ? $", {(m / GiB).ToString("0.0", inv)} GiB RAM" : "")
            + $", {RuntimeInformation.OSDescription.Trim()}, {RuntimeInformation.FrameworkDescription}; host, bench client and PostgreSQL share it"
            + (loadAtStart is { } load ? $"; load average at start {load.ToString("0.0", inv)}" : ""));
        if (options.HostEnvironment is not null) md.AppendLine($"- Host environment: {options.HostEnvironment}");
        md.AppendLine("- Clients: " + (options.Client == ClientKind.SignalR
                ? "SignalR .NET client, one HubConnection each, WebSockets with negotiation skipped"
                : "lean WebSocket clients speaking SignalR's JSON hub protocol (handshake, pings, 0x1E-separated records; `--client signalr` uses HubConnection instead)")
            + $", joined to `jobs` with `?channel=jobs`, opened {options.ConnectConcurrency} at a time");
        md.AppendLine($"- Writes: `POST /api/jobs` at {Num(options.Rate)}/s for {Num(options.DurationSeconds)} s ({options.WritesPerScenario} per fan-out run), "
            + $"at most {options.MaxInFlightWrites} in flight"
            + (options.IdleClients > 0 ? $"; idle scenario: {options.IdleWrites} writes over a {Num(options.DurationSeconds)} s hold" : ""));
    }

    public static void ProblemsSeen(StringBuilder md, IReadOnlyList<string> problems)
    {
        md.AppendLine("## Problems seen").AppendLine();
        if (problems.Count == 0) md.AppendLine("None: every client connected, every write succeeded, every delivery arrived, the host logged no warning or error.");
        foreach (var problem in problems) md.AppendLine($"- {problem}");
        md.AppendLine();
    }

    /// <summary>The report to stdout and to <see cref="BenchOptions.Output"/>.</summary>
    public static async Task PublishAsync(BenchOptions options, string markdown)
    {
        Console.Out.Write(markdown);
        Console.Out.Flush();
        var output = Path.GetFullPath(options.Output);
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        await File.WriteAllTextAsync(output, markdown, CancellationToken.None);
        ScenarioRunner.Progress($"Report written to {output}");
    }

    /// <summary>What went wrong in each named run.</summary>
    public static List<string> Problems(IEnumerable<(string Name, Sample Run)> runs)
    {
        var problems = new List<string>();
        foreach (var (name, r) in runs)
        {
            if (r.Aborted is not null) problems.Add($"{name}: aborted — {r.Aborted}");
            if (r.ConnectFailures > 0) problems.Add($"{name}: {Count(r.ConnectFailures)} connections failed; first: {r.FirstConnectFailure}");
            if (r.Connected > 0 && r.WarmupReached < r.Connected) problems.Add($"{name}: the warm-up write reached {Count(r.WarmupReached)} of {Count(r.Connected)} clients within 30 s");
            if (r.WritesFailed > 0) problems.Add($"{name}: {Count(r.WritesFailed)} writes failed; first: {r.FirstWriteFailure}");
            if (r.Lost > 0) problems.Add($"{name}: {Count(r.Lost)} of {Count(r.Expected)} deliveries lost");
            if (r.ClosedByServer > 0) problems.Add($"{name}: {Count(r.ClosedByServer)} connections closed by the server; first: {r.FirstClose}");
            if (r.ClientsMissing > 0) problems.Add($"{name}: {Count(r.ClientsMissing)} clients missed deliveries; {Count(r.DisconnectedAtEnd)} were no longer connected when the run ended");
            if (r.RelayRate is { } relay && r.Kind == ScenarioKind.FanOut && relay < 0.95 * r.RequestedRate)
                problems.Add($"{name}: writes reached clients at {Num(relay)}/s against {Num(r.WritesPerSecond)} written/s, so deliveries queue up and latency grows with the run's length; "
                    + (r.MaxClientReceiveQueue < 1024 * 1024
                        ? $"the bench's sockets held at most {KiB(r.MaxClientReceiveQueue)} KiB unread, so the queue is in the host"
                        : $"the bench's sockets held up to {KiB(r.MaxClientReceiveQueue)} KiB unread, so the bench client contributes to the lag"));
            if (r.SettlePushes > 0)
                problems.Add($"{name}: before the ramp, {Count(r.SettlePushes)} pushes of earlier scenarios' writes were still arriving (waited {Seconds(r.SettleSeconds)} for them to stop)");
            if (r.FromEarlier > 0)
                problems.Add($"{name}: {Count(r.FromEarlier)} pushes of earlier scenarios' writes arrived during the run, the latest {Ms(r.FromEarlierMaxMs / 1000)} s after its write");
            if (r.Duplicates > 0 || r.Stray > 0) problems.Add($"{name}: {Count(r.Duplicates)} duplicate and {Count(r.Stray)} unexpected job_created pushes");
            if (r.ErrorMessages > 0 || r.ReloadMessages > 0) problems.Add($"{name}: {Count(r.ErrorMessages)} `error` and {Count(r.ReloadMessages)} `reload_required` pushes");
            foreach (var (log, when) in new[] { (r.Log, "during the run"), (r.TeardownLog, "while the bench closed its connections") })
            {
                if (log.Warnings + log.Errors == 0) continue;
                problems.Add($"{name}: {when} the host logged {Count(log.Warnings)} warnings and {Count(log.Errors)} errors, e.g. "
                    + string.Join(" · ", log.Examples.Take(3).Select(e => $"`{e.Replace('`', '\'').Replace('|', '/')}`")));
            }
        }
        return problems;
    }

    private static void Row(StringBuilder md, IReadOnlyList<Summary> summaries, string label, Func<Summary, string> cell)
    {
        md.Append($"| {label} |");
        foreach (var s in summaries) md.Append($" {cell(s)} |");
        md.AppendLine();
    }

    private static string Judge(List<Target> targets, Summary s, string what, bool? met)
    {
        targets.Add(new Target(s.Title, what, met));
        return $" — target: {what} {Mark(met)}";
    }

    private static string AtRate(BenchOptions options) =>
        options.Rate == TargetRate ? "" : $" (the target is defined at {Num(TargetRate)} w/s; this run used {Num(options.Rate)})";

    private static string Mark(bool? met) => met switch { true => "✅", false => "❌", null => "⚠️ not measured" };

    internal static string Num(double value) => value.ToString(value >= 100 ? "0" : "0.#", CultureInfo.InvariantCulture);
    internal static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
    internal static string Seconds(double? value) => value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) + " s" : "—";
    internal static string Ms(double? value) => value is { } v ? v.ToString(v < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) : "—";
    internal static string Percent(double? value) => value is { } v ? v.ToString("0", CultureInfo.InvariantCulture) + " %" : "—";
    private static string MiB(double? bytes) => bytes is { } b ? (b / 1024 / 1024).ToString("0", CultureInfo.InvariantCulture) : "—";
    private static string MiB(long? bytes) => MiB((double?)bytes);
    private static string KiB(double? bytes) => bytes is { } b ? (b / 1024).ToString("0", CultureInfo.InvariantCulture) : "—";
}
