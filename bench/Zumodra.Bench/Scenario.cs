using System.Diagnostics;

namespace Zumodra.Bench;

public enum ScenarioKind
{
    FanOut,
    Idle,
}

/// <summary>The figures of one run of one scenario.</summary>
public sealed class Sample
{
    public required ScenarioKind Kind { get; init; }
    public required int Clients { get; init; }
    public required int Run { get; init; }
    public int Hostile { get; init; }
    public HostileTally? HostileTally { get; set; }
    public int Connected { get; set; }
    public int ConnectFailures { get; set; }
    public string? FirstConnectFailure { get; set; }
    public double RampSeconds { get; set; }
    public double HandshakeP50 { get; set; }
    public double HandshakeP99 { get; set; }
    public double HandshakeMax { get; set; }
    public int WarmupReached { get; set; }
    public double? WarmupFanOutMs { get; set; }
    public double RequestedRate { get; set; }
    public int WritesPlanned { get; set; }
    public int WritesSucceeded { get; set; }
    public int WritesFailed { get; set; }
    public string? FirstWriteFailure { get; set; }
    public double WritesPerSecond { get; set; }
    public double WriteP50 { get; set; }
    public double WriteP99 { get; set; }
    public double MaxScheduleLagMs { get; set; }
    public long Expected { get; set; }
    public long Received { get; set; }
    public long Lost => Math.Max(0, Expected - Received);
    public long Duplicates { get; set; }
    public long Stray { get; set; }
    public double? LatencyP50 { get; set; }
    public double? LatencyP99 { get; set; }
    public double? LatencyMax { get; set; }
    public double MeasuredSeconds { get; set; }
    public double? ServerCpuPercent { get; set; }
    public double BenchCpuPercent { get; set; }
    public double MachineCpuPercent { get; set; }
    public double PostgresCpuPercent { get; set; }
    public double? OthersCpuPercent { get; set; }
    public double? LoadAverage { get; set; }
    public int ClientsMissing { get; set; }
    public long MaxClientReceiveQueue { get; set; }
    public long MaxServerSendQueue { get; set; }
    public long MaxBenchPendingWork { get; set; }
    public LogExcerpt TeardownLog { get; set; } = LogExcerpt.None;
    public double SettleSeconds { get; set; }
    public long SettlePushes { get; set; }
    public long FromEarlier { get; set; }
    public double? FromEarlierMaxMs { get; set; }
    public int DisconnectedAtEnd { get; set; }
    public double? RelayRate { get; set; }
    public double? FirstClientP50 { get; set; }
    public double? FirstClientP99 { get; set; }
    public double? SpreadP50 { get; set; }
    public double? SpreadP99 { get; set; }
    public long? RssBefore { get; set; }
    public long? RssConnected { get; set; }
    public long? RssAfter { get; set; }
    public int ClosedByServer { get; set; }
    public string? FirstClose { get; set; }
    public int ErrorMessages { get; set; }
    public int ReloadMessages { get; set; }
    public LogExcerpt Log { get; set; } = LogExcerpt.None;
    public string? Aborted { get; set; }

    public double? BytesPerConnection => RssBefore is { } before && RssConnected is { } connected && Connected > 0
        ? (double)(connected - before) / Connected
        : null;

    public long? RssPeak => new[] { RssConnected, RssAfter }.Max();

    /// <summary>The server's CPU time over the measured phase per delivery received, in µs.</summary>
    public double? ServerCpuMicrosPerDelivery => ServerCpuPercent is { } percent && Received > 0
        ? percent / 100 * MeasuredSeconds / Received * 1e6
        : null;
}

/// <summary>Runs one scenario: ramp the clients up, warm up, write on schedule (or hold), drain, tear down.</summary>
public sealed class ScenarioRunner(BenchOptions options, Writer writer, ServerLog log)
{
    private static readonly TimeSpan WarmupTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan NoProgressLimit = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan SettleQuiet = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(120);

    /// <summary>Runs the scenario once (run 0: the unreported warm-up), with <paramref name="hostile"/> hostile connections while it writes.</summary>
    public async Task<Sample> RunAsync(ScenarioKind kind, int clients, int run, CancellationToken cancellation, int hostile = 0)
    {
        var fanOut = kind == ScenarioKind.FanOut;
        var writes = fanOut ? options.WritesPerScenario : options.IdleWrites;
        var rate = fanOut ? options.Rate : Math.Max(options.IdleWrites, 1) / options.DurationSeconds;
        var sample = new Sample { Kind = kind, Clients = clients, Run = run, Hostile = hostile, RequestedRate = writes > 0 ? rate : 0, WritesPlanned = writes };
        var pid = options.ServerPids;
        try
        {
            (sample.SettleSeconds, sample.SettlePushes) = await SettleAsync(cancellation);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            sample.Aborted = "stopped by the overall time limit";
            return sample;
        }
        var book = new DeliveryBook(clients, Math.Max(writes, 1));
        log.Mark();
        GC.Collect();
        sample.RssBefore = ProcStats.RssBytes(pid);

        var fleet = Fleet.Create(options, book);
        Hostiles? hostiles = null;
        try
        {
            Progress($"{Name(kind, clients, run)}" + (hostile > 0 ? $" + {hostile} hostile" : "") + (run > 0 ? $" run {run}" : "") + $": opening {clients:N0} connections ({options.ConnectConcurrency} at a time)");
            var ramp = Stopwatch.StartNew();
            await fleet.OpenAsync(cancellation);
            sample.RampSeconds = ramp.Elapsed.TotalSeconds;
            sample.Connected = fleet.Connected;
            sample.ConnectFailures = fleet.Failures;
            sample.FirstConnectFailure = fleet.FirstFailure;
            var handshakes = Stats.Sorted(fleet.HandshakesMs());
            sample.HandshakeP50 = Stats.Percentile(handshakes, 50);
            sample.HandshakeP99 = Stats.Percentile(handshakes, 99);
            sample.HandshakeMax = handshakes.Length > 0 ? handshakes[^1] : 0;
            Progress($"  connected {fleet.Connected:N0}/{clients:N0} in {sample.RampSeconds:0.0} s; handshake p50 {sample.HandshakeP50:0.0} ms, p99 {sample.HandshakeP99:0.0} ms"
                + (fleet.Failures > 0 ? $"; {fleet.Failures} failed: {fleet.FirstFailure}" : ""));
            EnsureServerAlive();

            // One unmeasured write that every client must see: proves the subscriptions are in place (they are made
            // in the hub's OnConnectedAsync, just after the handshake) and warms the write and relay paths up.
            var warmupSent = Stopwatch.GetTimestamp();
            var warmupProblem = await writer.PostAsync(book.WarmupTitle, cancellation);
            if (warmupProblem is not null) Progress($"  warm-up write failed: {warmupProblem}");
            var warmupWait = Stopwatch.StartNew();
            while (book.WarmupReceived < fleet.Connected - fleet.ClosedByServer && warmupWait.Elapsed < WarmupTimeout)
                await Task.Delay(20, cancellation);
            sample.WarmupReached = book.WarmupReceived;
            if (book.LastWarmupAt > warmupSent) sample.WarmupFanOutMs = Stopwatch.GetElapsedTime(warmupSent, book.LastWarmupAt).TotalMilliseconds;
            Progress($"  warm-up reached {book.WarmupReceived:N0}/{fleet.Connected:N0} clients"
                + (sample.WarmupFanOutMs is { } w ? $" (last after {w:0} ms)" : ""));
            await Task.Delay(500, cancellation);
            sample.RssConnected = ProcStats.RssBytes(pid);

            if (hostile > 0)
            {
                Progress($"  starting {hostile} hostile connections from {Hostiles.Address}");
                hostiles = Hostiles.Start(options, hostile);
            }
            var sampler = new LoadSampler(options.Urls.Select(url => url.Port).ToArray());
            var start = CpuSnapshot.Take(pid);
            var holdUntil = Stopwatch.GetTimestamp() + (long)(options.DurationSeconds * Stopwatch.Frequency);
            WriteStats? written = null;
            if (writes > 0)
            {
                Progress($"  writing {writes} jobs at {rate:0.##}/s");
                written = await writer.RunAsync(book, rate, cancellation);
            }

            // Drain: until every delivery arrived, nothing arrived for a while, or the drain limit passed.
            var expected = written is null ? 0 : (long)fleet.Connected * written.Succeeded;
            var end = CpuSnapshot.Take(pid);
            var drain = Stopwatch.StartNew();
            var lastCount = book.Received;
            var lastProgress = Stopwatch.StartNew();
            while (book.Received < expected && drain.Elapsed < options.DrainTimeout && lastProgress.Elapsed < NoProgressLimit)
            {
                await Task.Delay(20, cancellation);
                var count = book.Received;
                if (count == lastCount) continue;
                lastCount = count;
                lastProgress.Restart();
                if (Stopwatch.GetElapsedTime(end.Timestamp) > TimeSpan.FromMilliseconds(200)) end = CpuSnapshot.Take(pid);
            }
            if (book.Received >= expected) end = CpuSnapshot.Take(pid);
            if (!fanOut)
            {
                // The idle scenario holds the connections for the whole duration; CPU is measured over the hold.
                var remaining = holdUntil - Stopwatch.GetTimestamp();
                if (remaining > 0) await Task.Delay(TimeSpan.FromSeconds((double)remaining / Stopwatch.Frequency), cancellation);
                end = CpuSnapshot.Take(pid);
            }

            await sampler.DisposeAsync();
            if (hostiles is not null)
            {
                await hostiles.DisposeAsync();
                sample.HostileTally = hostiles.Tally();
                hostiles = null;
                Progress($"  hostile: {sample.HostileTally}");
            }
            sample.MaxClientReceiveQueue = sampler.MaxQueues.ClientReceiveBytes;
            sample.MaxServerSendQueue = sampler.MaxQueues.ServerSendBytes;
            sample.MaxBenchPendingWork = sampler.MaxPendingWork;
            var cpu = CpuUse.Between(start, end);
            sample.MeasuredSeconds = Stopwatch.GetElapsedTime(start.Timestamp, end.Timestamp).TotalSeconds;
            sample.ServerCpuPercent = cpu.ServerPercent;
            sample.BenchCpuPercent = cpu.BenchPercent;
            sample.MachineCpuPercent = cpu.MachinePercent;
            sample.PostgresCpuPercent = cpu.PostgresPercent;
            sample.OthersCpuPercent = cpu.OthersPercent;
            sample.LoadAverage = ProcStats.LoadAverage();
            sample.RssAfter = ProcStats.RssBytes(pid);

            if (written is not null)
            {
                sample.WritesSucceeded = written.Succeeded;
                sample.WritesFailed = written.Failed;
                sample.FirstWriteFailure = written.FirstFailure;
                sample.WritesPerSecond = written.RatePerSecond;
                var responses = Stats.Sorted(written.ResponseMs);
                sample.WriteP50 = Stats.Percentile(responses, 50);
                sample.WriteP99 = Stats.Percentile(responses, 99);
                sample.MaxScheduleLagMs = written.MaxScheduleLagMs;
            }
            var tally = book.Tally();
            var (received, latencies) = (tally.Received, tally.LatenciesMs);
            sample.Expected = expected;
            sample.Received = received;
            sample.Duplicates = book.Duplicates;
            sample.Stray = book.Stray + tally.ForFailedWrites;
            sample.ClientsMissing = written is null ? 0 : tally.ClientsMissing;
            sample.FromEarlier = book.FromEarlier;
            sample.FromEarlierMaxMs = book.FromEarlier > 0 ? book.FromEarlierMaxMs : null;
            sample.RelayRate = tally.RelayRate;
            if (tally.ToFirstClientMs.Length > 0)
            {
                var toFirst = Stats.Sorted(tally.ToFirstClientMs);
                var spread = Stats.Sorted(tally.SpreadMs);
                sample.FirstClientP50 = Stats.Percentile(toFirst, 50);
                sample.FirstClientP99 = Stats.Percentile(toFirst, 99);
                sample.SpreadP50 = Stats.Percentile(spread, 50);
                sample.SpreadP99 = Stats.Percentile(spread, 99);
            }
            sample.DisconnectedAtEnd = fleet.CountDisconnected();
            if (latencies.Length > 0)
            {
                var sorted = Stats.Sorted(latencies);
                sample.LatencyP50 = Stats.Percentile(sorted, 50);
                sample.LatencyP99 = Stats.Percentile(sorted, 99);
                sample.LatencyMax = sorted[^1];
            }
            if (written is not null)
                Progress($"  {sample.WritesSucceeded} writes ok ({sample.WritesPerSecond:0.0}/s), {sample.WritesFailed} failed; deliveries {received:N0}/{expected:N0}"
                    + (latencies.Length > 0 ? $"; latency p50 {sample.LatencyP50:0.0} ms, p99 {sample.LatencyP99:0.0} ms, max {sample.LatencyMax:0.0} ms" : "")
                    + (sample.RelayRate is { } relay ? $"; reaching clients at {relay:0.0} writes/s" : "")
                    + (sample.ClientsMissing > 0 ? $"; {sample.ClientsMissing} clients missed deliveries, {sample.DisconnectedAtEnd} disconnected" : ""));
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            sample.Aborted = "stopped by the overall time limit";
        }
        catch (Exception e)
        {
            sample.Aborted = $"{e.GetType().Name}: {e.Message}";
        }
        finally
        {
            if (hostiles is not null) await hostiles.DisposeAsync();
            sample.ClosedByServer = fleet.ClosedByServer;
            sample.FirstClose = fleet.FirstClose;
            sample.ErrorMessages = fleet.ErrorMessages;
            sample.ReloadMessages = fleet.ReloadMessages;
            sample.Log = log.Since();
            Progress($"  closing {fleet.Connected:N0} connections"
                + (fleet.ClosedByServer > 0 ? $" ({fleet.ClosedByServer} had been closed by the server: {fleet.FirstClose})" : ""));
            await fleet.DisposeAsync();
            GC.Collect();
            // Let the host finish its side of the disconnects before the next scenario measures its baseline.
            await Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None);
            sample.TeardownLog = log.Since();
            if (sample.Aborted is not null) Progress($"  aborted: {sample.Aborted}");
        }
        return sample;
    }

    /// <summary>
    /// Before ramping up: waits (bounded) until pushes of earlier scenarios' writes stop arriving, so that a relay backlog
    /// left by one scenario does not load the next. A single probe client listens until it hears nothing for a while.
    /// </summary>
    private async Task<(double Seconds, long Pushes)> SettleAsync(CancellationToken cancellation)
    {
        var book = new DeliveryBook(1, 1);
        if (!book.HasEarlierWrites) return (0, 0);
        await using var probe = Fleet.Create(options, book);
        await probe.OpenAsync(cancellation);
        if (probe.Connected == 0) return (0, 0);
        var clock = Stopwatch.StartNew();
        var quiet = Stopwatch.StartNew();
        long seen = 0;
        while (clock.Elapsed < SettleLimit)
        {
            await Task.Delay(100, cancellation);
            var now = book.FromEarlier + book.Stray;
            if (now != seen)
            {
                seen = now;
                quiet.Restart();
            }
            else if (quiet.Elapsed >= SettleQuiet) break;
        }
        if (seen > 0)
            Progress($"  waited {clock.Elapsed.TotalSeconds:0} s for the relay backlog of earlier writes: {seen:N0} of them still arrived"
                + (clock.Elapsed >= SettleLimit ? " (gave up waiting)" : ""));
        return (seen > 0 ? clock.Elapsed.TotalSeconds : 0, seen);
    }

    private void EnsureServerAlive()
    {
        if (!ProcStats.IsAlive(options.ServerPids)) throw new InvalidOperationException($"a host process ({string.Join(", ", options.ServerPids)}) is gone.");
    }

    public static string Name(ScenarioKind kind, int clients, int run = 1) =>
        run == 0 ? $"Warm-up round ({clients:N0} clients)"
        : kind == ScenarioKind.Idle ? $"{clients:N0} idle connections" : $"{clients:N0} clients";

    public static void Progress(string message) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");
}

public static class Stats
{
    public static double[] Sorted(double[] values)
    {
        var copy = (double[])values.Clone();
        Array.Sort(copy);
        return copy;
    }

    /// <summary>Nearest-rank percentile of sorted values (0 when there are none).</summary>
    public static double Percentile(double[] sorted, double percentile)
    {
        if (sorted.Length == 0) return 0;
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static double? Median(IEnumerable<double?> values)
    {
        var present = values.OfType<double>().Order().ToArray();
        if (present.Length == 0) return null;
        var middle = present.Length / 2;
        return present.Length % 2 == 1 ? present[middle] : (present[middle - 1] + present[middle]) / 2;
    }

    public static double Median(IEnumerable<double> values) => Median(values.Select(v => (double?)v)) ?? 0;
}
