using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;
using Zumodra.Live.Contracts;
using Zumodra.Live.Hubs;

namespace Zumodra.Live.Feed;

/// <summary>
/// Runs on the durable <c>live</c> queue: hands each change to the <see cref="LiveRelay"/> and completes (so the inbox
/// lets go of it) only once the change is recorded for catch-up and pushed.
/// </summary>
public static class RelayBrowseChangeHandler
{
    /// <summary>
    /// A change that could not be recorded or pushed (the database briefly unreachable, say) is tried again, never
    /// dead-lettered: a change missing from the log is one that some client would never see.
    /// </summary>
    public static void Configure(HandlerChain chain) =>
        chain.OnAnyException()
            .RetryWithCooldown(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1))
            .Then.ScheduleRetryIndefinitely(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30));

    public static Task Handle(BrowseItemChanged change, LiveRelay relay, CancellationToken cancellation) =>
        relay.RecordAndPushAsync(change).WaitAsync(cancellation);
}

/// <summary>
/// Records changes for catch-up, then pushes them to the connected clients, by group commit: the changes handed in
/// while one transaction runs go together into the next one, in sequence order. When quiet that is one change per
/// transaction with no timer to wait for; under a burst it is hundreds, so the relay keeps up with the writers.
/// </summary>
/// <remarks>Public (with an internal constructor) because Wolverine's generated handler code refers to it.</remarks>
public sealed class LiveRelay : BackgroundService
{
    private readonly LiveChangeLog _log;
    private readonly LiveClients? _clients;
    private readonly ILogger<LiveRelay> _logger;

    /// <param name="clients">
    /// Who the relay pushes to once a change is recorded; null in a cluster, where every node (this one too) pushes what
    /// it reads from the log (<see cref="LiveChangeTail"/>), so that all of them push in one order.
    /// </param>
    internal LiveRelay(LiveChangeLog log, LiveClients? clients, ILogger<LiveRelay> logger)
    {
        _log = log;
        _clients = clients;
        _logger = logger;
    }

    /// <summary>Changes recorded in one transaction at most; also how many the <c>live</c> queue hands over at once.</summary>
    public const int MaxBatch = 256;

    private readonly Channel<Pending> _pending = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Completes once the change is recorded and (on a single node) handed to its subscribers' connections.</summary>
    public Task RecordAndPushAsync(BrowseItemChanged change)
    {
        // The span handling the change's message (when traced), which the relay's spans continue.
        var pending = new Pending(change, Activity.Current?.Context ?? default);
        // After shutdown the change stays in the durable inbox and is relayed on the next start.
        if (!_pending.Writer.TryWrite(pending)) pending.Done.TrySetCanceled();
        return pending.Done.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        var batch = new List<Pending>();
        try
        {
            while (await _pending.Reader.WaitToReadAsync(stopping))
            {
                while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var next)) batch.Add(next);
                try
                {
                    // Handlers run side by side, so arrivals may be slightly out of order; within a batch, sequence order restores it.
                    var changes = batch.Select(x => x.Change).DistinctBy(x => x.Sequence).OrderBy(x => x.Sequence).ToList();
                    var records = await _log.RecordAsync(changes, stopping);
                    if (_clients is not null)
                    {
                        var traces = LiveTelemetry.Traces.HasListeners() ? TracesOf(batch) : null;
                        foreach (var record in records) await _clients.PublishAsync(record, traces?.GetValueOrDefault(record.Id) ?? default, stopping);
                    }
                    foreach (var pending in batch) pending.Done.TrySetResult();
                }
                catch (Exception e)
                {
                    // The handlers fail and Wolverine delivers their changes again.
                    if (!stopping.IsCancellationRequested) _logger.LogWarning(e, "Relaying {Count} live changes failed", batch.Count);
                    foreach (var pending in batch) pending.Done.TrySetException(e);
                }
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        finally
        {
            _pending.Writer.TryComplete();
            while (_pending.Reader.TryRead(out var left)) left.Done.TrySetCanceled();
        }
    }

    private static Dictionary<long, ActivityContext> TracesOf(List<Pending> batch) =>
        batch.DistinctBy(x => x.Change.Sequence).ToDictionary(x => x.Change.Sequence, x => x.Trace);

    private sealed record Pending(BrowseItemChanged Change, ActivityContext Trace)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
