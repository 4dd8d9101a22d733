using Zumodra.Bench;

// The live fan-out benchmark. Progress goes to stderr; the Markdown report to stdout and to --output.
var pairs = args is ["pairs", ..];
var failover = args is ["failover", ..];
BenchOptions options;
try
{
    options = BenchOptions.Parse(pairs || failover ? args[1..] : args, pairs);
}
catch (UsageException usage)
{
    if (usage.Problem is not null) Console.Error.WriteLine(usage.Problem);
    Console.Error.WriteLine(BenchOptions.Usage);
    return usage.Problem is null ? 0 : 2;
}
if (pairs) return await PairReport.RunAsync(options);

// Many connections open at once: don't let the thread pool's slow growth throttle the client side.
ThreadPool.GetMinThreads(out var workers, out var io);
ThreadPool.SetMinThreads(Math.Max(workers, 2 * options.ConnectConcurrency), Math.Max(io, 2 * options.ConnectConcurrency));

using var overall = new CancellationTokenSource(options.MaxRunTime);
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    overall.Cancel();
};
if (failover) return await Failover.RunAsync(options, overall.Token);

var started = DateTimeOffset.UtcNow;
var loadAtStart = ProcStats.LoadAverage();
var clock = System.Diagnostics.Stopwatch.StartNew();
using var writer = new Writer(options);
var log = new ServerLog(options.ServerLogs);
var runner = new ScenarioRunner(options, writer, log);
var summaries = new List<Summary>();

try
{
    await writer.WaitForHealthAsync(TimeSpan.FromSeconds(90), overall.Token);
}
catch (Exception e) when (e is TimeoutException or OperationCanceledException)
{
    Console.Error.WriteLine($"The host is not answering: {e.Message}");
    return 1;
}

// JIT (up to its optimized tier), Wolverine's runtime code generation, connection pools: paid by an unreported fan-out
// run rather than by the first measured one.
Sample? warmup = null;
if (options.WarmupClients > 0)
    warmup = await runner.RunAsync(ScenarioKind.FanOut, options.WarmupClients, 0, overall.Token);

// With --hostile, each fan-out scenario runs without and then with the hostile connections, for comparison.
var plan = options.Clients
    .SelectMany(n => (options.Hostile > 0 ? [0, options.Hostile] : new[] { 0 }).Select(hostile => (Kind: ScenarioKind.FanOut, Clients: n, Runs: options.Repeat, Hostile: hostile)))
    .ToList();
if (options.IdleClients > 0) plan.Add((ScenarioKind.Idle, options.IdleClients, options.IdleRepeat, 0));

foreach (var (kind, clients, runs, hostile) in plan)
{
    var samples = new List<Sample>();
    for (var run = 1; run <= runs && !overall.IsCancellationRequested; run++)
        samples.Add(await runner.RunAsync(kind, clients, run, overall.Token, hostile));
    if (samples.Count > 0) summaries.Add(new Summary(kind, clients, samples) { Hostile = hostile });
    if (!ProcStats.IsAlive(options.ServerPids))
    {
        ScenarioRunner.Progress($"A host process ({string.Join(", ", options.ServerPids)}) has exited; stopping.");
        break;
    }
}

if (options.Record is not null)
    await RunRecord.WriteAsync(options.Record, new RunRecord(started, clock.Elapsed.TotalMinutes, loadAtStart, summaries.SelectMany(s => s.Runs).ToArray()));
await Report.PublishAsync(options, Report.Render(options, summaries, warmup, started, clock.Elapsed, loadAtStart));
return 0;
