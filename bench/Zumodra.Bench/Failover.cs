using System.Diagnostics;
using System.Text;

namespace Zumodra.Bench;

/// <summary>
/// <c>bench/run.sh --failover</c>: clients split over the nodes of a cluster and a burst of writes through all of them;
/// halfway through the burst the last node is killed (SIGKILL), the writes go on through the others, and its clients
/// reconnect to the next node from the last sequence they saw, as the pages do. Reports how long from the kill until
/// every moved client was back and caught up, and until every client had every committed change. Each client must get
/// each change once: duplicates are counted, never dropped. Exit 1 on a lost or duplicated delivery or a failed
/// process, never for time.
/// </summary>
internal static class Failover
{
    /// <summary>
    /// A write cut by the kill may have committed without being recorded in the change log; it waits in the dead node's
    /// inbox until a survivor counts the node dead (10 s without a heartbeat) and takes the inbox over (43 s in the
    /// failover test on a busy machine). Listen at least this long after the kill, so that such a write is seen.
    /// </summary>
    private static readonly TimeSpan ListenAfterKill = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan DeliveryLimit = TimeSpan.FromSeconds(180);
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(BenchOptions options, CancellationToken cancellation)
    {
        if (options.Urls.Length < 2 || options.ServerPids.Length != options.Urls.Length || options.Clients.Length != 1 || options.Client != ClientKind.Protocol)
        {
            Console.Error.WriteLine("failover: needs two or more nodes (--url), their processes (--server-pid), one client count (--clients) and the protocol client.");
            return 2;
        }
        var started = DateTimeOffset.UtcNow;
        var loadAtStart = ProcStats.LoadAverage();
        var clock = Stopwatch.StartNew();
        var clients = options.Clients[0];
        var victim = options.Urls.Length - 1;
        var survivors = options.ServerPids.Where((_, node) => node != victim).ToArray();
        var problems = new List<string>();

        using var writer = new Writer(options);
        await writer.WaitForHealthAsync(TimeSpan.FromSeconds(90), cancellation);
        var book = new DeliveryBook(clients, options.WritesPerScenario);
        var log = new ServerLog(options.ServerLogs);
        log.Mark();
        await using var fleet = Fleet.Create(options, book, reconnects: true);
        ScenarioRunner.Progress($"failover: opening {clients:N0} connections over {options.Urls.Length} nodes");
        await fleet.OpenAsync(cancellation);
        if (fleet.Failures > 0) problems.Add($"{Report.Count(fleet.Failures)} connections failed; first: {fleet.FirstFailure}");

        // Every client sees one write first: it then has a sequence to resume from.
        var warmupProblem = await writer.PostAsync(book.WarmupTitle, cancellation);
        if (warmupProblem is not null) problems.Add($"the warm-up write failed: {warmupProblem}");
        var warmup = Stopwatch.StartNew();
        while (book.WarmupReceived < fleet.Connected && warmup.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(20, cancellation);
        ScenarioRunner.Progress($"  warm-up reached {book.WarmupReceived:N0}/{fleet.Connected:N0} clients");

        ScenarioRunner.Progress($"  writing {book.Writes} jobs at {Report.Num(options.Rate)}/s; killing node {victim + 1} (pid {options.ServerPids[victim]}) after {Report.Num(options.DurationSeconds / 2)} s");
        var writing = writer.RunAsync(book, options.Rate, cancellation);
        await Task.Delay(TimeSpan.FromSeconds(options.DurationSeconds / 2), cancellation);
        var moved = Enumerable.Range(0, clients).Where(c => fleet.NodeOf(c) == victim).ToArray();
        writer.MarkDown(victim);
        var killedAt = Stopwatch.GetTimestamp();
        Process.GetProcessById(options.ServerPids[victim]).Kill();
        var written = await writing;
        ScenarioRunner.Progress($"  {written.Succeeded} writes acknowledged, {written.Failed} cut by the kill; waiting for every delivery");

        // Until every acknowledged write reached every client and the dead node's inbox had its time to be taken over.
        var expected = (long)fleet.Connected * written.Succeeded;
        var lastCount = -1L;
        var lastProgress = Stopwatch.StartNew();
        while (Stopwatch.GetElapsedTime(killedAt) < DeliveryLimit)
        {
            await Task.Delay(100, cancellation);
            var count = book.Received;
            if (count != lastCount)
            {
                lastCount = count;
                lastProgress.Restart();
            }
            else if (lastProgress.Elapsed >= Quiet && count >= expected && Stopwatch.GetElapsedTime(killedAt) >= ListenAfterKill) break;
        }

        var outcome = Measure(book, fleet, moved, killedAt);
        var survived = ProcStats.IsAlive(survivors);
        if (!survived) problems.Add("a surviving node exited");
        if (outcome.Lost > 0) problems.Add($"{Report.Count(outcome.Lost)} of {Report.Count(outcome.Expected)} deliveries of acknowledged writes lost");
        if (outcome.PartlyDelivered > 0) problems.Add($"{outcome.PartlyDelivered} writes cut by the kill reached some clients but not all");
        if (book.Duplicates > 0) problems.Add($"{Report.Count(book.Duplicates)} duplicate deliveries");
        if (fleet.ReconnectFailures > 0) problems.Add($"{fleet.ReconnectFailures} clients gave up reconnecting");
        var seen = new List<string>(problems);
        var logged = log.Since();
        if (logged.Warnings + logged.Errors > 0)
            seen.Add($"the nodes logged {Report.Count(logged.Warnings)} warnings and {Report.Count(logged.Errors)} errors, e.g. "
                + string.Join(" · ", logged.Examples.Take(3).Select(e => $"`{e.Replace('`', '\'').Replace('|', '/')}`")));

        var md = new StringBuilder();
        md.AppendLine("# Live failover: a node killed mid-burst").AppendLine();
        Report.Header(md, options, started, clock.Elapsed, loadAtStart);
        md.AppendLine($"- Nodes: {string.Join(", ", options.Urls.Select(u => u.ToString().TrimEnd('/')))}, one database, one Redis; client i and write i on node i mod {options.Urls.Length}; "
            + $"node {victim + 1} killed (SIGKILL) {Report.Num(options.DurationSeconds / 2)} s into the burst, the later writes through the others");
        md.AppendLine("- Its clients reconnect to the next node with `&after=<last sequence seen>` (catch-up), after the pages' delays (1, 2, 4, 8, 16 s ±20 %)").AppendLine();
        md.AppendLine("| | |");
        md.AppendLine("|---|---:|");
        md.AppendLine($"| Clients connected / moved off the killed node / gave up reconnecting | {Report.Count(fleet.Connected)} / {Report.Count(moved.Length)} / {Report.Count(fleet.ReconnectFailures)} |");
        md.AppendLine($"| Writes acknowledged / cut by the kill (outcome unknown) | {Report.Count(written.Succeeded)} / {Report.Count(written.Failed)} |");
        md.AppendLine($"| Connections ended (by a server, or a refused join) / reconnections | {Report.Count(fleet.ClosedByServer)} / {Report.Count(fleet.Reconnections)} |");
        md.AppendLine($"| Kill → moved clients reconnected, median | {Report.Seconds(outcome.ReconnectedMedian)} |");
        md.AppendLine($"| Kill → every moved client reconnected | {Report.Seconds(outcome.Reconnected)} |");
        md.AppendLine($"| Kill → every moved client caught up (had every change delivered before the kill) | {Report.Seconds(outcome.CaughtUp)} |");
        md.AppendLine($"| Kill → every client had every committed change | {Report.Seconds(outcome.AllDelivered)} |");
        md.AppendLine($"| Deliveries of acknowledged writes expected / received / lost | {Report.Count(outcome.Expected)} / {Report.Count(outcome.Expected - outcome.Lost)} / **{Report.Count(outcome.Lost)}** |");
        md.AppendLine($"| Writes cut by the kill delivered to every client / to none / to some | {outcome.FullyDelivered} / {written.Failed - outcome.FullyDelivered - outcome.PartlyDelivered} / {outcome.PartlyDelivered} |");
        md.AppendLine($"| Duplicate / stray deliveries | **{Report.Count(book.Duplicates)}** / {Report.Count(book.Stray)} |");
        md.AppendLine();
        md.AppendLine("Why connections ended: " + string.Join("; ", fleet.CloseReasons.OrderByDescending(x => x.Value).Select(x => $"{x.Value} × `{x.Key.Replace('`', '\'').Replace('|', '/')}`")))
            .AppendLine();
        Report.ProblemsSeen(md, seen);
        md.AppendLine("## How to read this").AppendLine();
        md.AppendLine("- Times are from the kill, on the bench's one clock. Caught up: reconnected and holding every write that any client had received "
            + "before the kill. Every committed change: every acknowledged write, and every write cut by the kill that reached any client; the "
            + "dead node's committed but unrecorded changes arrive once a survivor takes its inbox over (ADR 0006). Lost counts acknowledged writes "
            + "a client never received, duplicates a client receiving a write twice.");
        await Report.PublishAsync(options, md.ToString());

        var failed = problems.Count > 0;
        Console.Out.WriteLine(failed
            ? $"failover: FAILED — {string.Join("; ", problems)}"
            : $"failover: ok — {Report.Count(outcome.Expected)} deliveries, 0 lost, 0 duplicated; reconnected {Report.Seconds(outcome.Reconnected)}, "
              + $"caught up {Report.Seconds(outcome.CaughtUp)}, everything delivered {Report.Seconds(outcome.AllDelivered)} after the kill");
        return failed ? 1 : 0;
    }

    private sealed record Outcome(long Expected, long Lost, int FullyDelivered, int PartlyDelivered, double? ReconnectedMedian, double? Reconnected,
        double? CaughtUp, double? AllDelivered);

    private static Outcome Measure(DeliveryBook book, Fleet fleet, int[] moved, long killedAt)
    {
        double Since(long at) => Stopwatch.GetElapsedTime(killedAt, at).TotalSeconds;
        var clients = Enumerable.Range(0, book.Clients).ToArray();
        var writes = Enumerable.Range(0, book.Writes).ToArray();
        int Receivers(int write) => clients.Count(c => book.ReceivedAt(c, write) != 0);

        var acknowledged = writes.Where(w => book.WriteSucceeded[w]).ToArray();
        var cut = writes.Where(w => !book.WriteSucceeded[w]).Select(w => (Write: w, Receivers: Receivers(w))).ToArray();
        var committed = acknowledged.Concat(cut.Where(x => x.Receivers > 0).Select(x => x.Write)).ToArray();
        var lost = acknowledged.Sum(w => (long)(clients.Length - Receivers(w)));

        var beforeKill = committed.Where(w => clients.Any(c => book.ReceivedAt(c, w) is > 0 and var at && at < killedAt)).ToArray();
        double? reconnected = moved.All(c => fleet.ReconnectedAt(c) > killedAt) ? moved.Select(c => Since(fleet.ReconnectedAt(c))).DefaultIfEmpty(0).Max() : null;
        double? caughtUp = reconnected is not null && moved.All(c => beforeKill.All(w => book.ReceivedAt(c, w) != 0))
            ? moved.Select(c => beforeKill.Select(w => Since(book.ReceivedAt(c, w))).Append(Since(fleet.ReconnectedAt(c))).Max()).DefaultIfEmpty(0).Max()
            : null;
        var partly = cut.Count(x => x.Receivers > 0 && x.Receivers < clients.Length);
        double? all = lost == 0 && partly == 0
            ? clients.SelectMany(c => committed.Select(w => Since(book.ReceivedAt(c, w)))).DefaultIfEmpty(0).Max()
            : null;
        var median = Stats.Median(moved.Where(c => fleet.ReconnectedAt(c) > killedAt).Select(c => (double?)Since(fleet.ReconnectedAt(c))));
        return new Outcome((long)clients.Length * acknowledged.Length, lost, cut.Count(x => x.Receivers == clients.Length), partly, median, reconnected,
            caughtUp, all);
    }
}
