using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Zumodra.BuildingBlocks;
using Zumodra.Live.Hubs;

namespace Zumodra.Live.Feed;

/// <summary>
/// In a cluster, how each node learns of every change, whichever node recorded it: it follows the change log in position
/// order, woken by the NOTIFY of each recording transaction, and pushes what it reads to its own clients. Positions commit
/// in order (see <see cref="LiveChangeLog"/>), so reading after the last one pushed never skips a change; a lost LISTEN
/// connection or a missed notification costs delay, never a change.
/// </summary>
internal sealed class LiveChangeTail(IConfiguration configuration, LiveChangeLog log, LiveClients clients, IBrowseCacheEviction browseCache,
    ILogger<LiveChangeTail> logger)
    : BackgroundService
{
    /// <summary>Changes read per query; a backlog is read in pages.</summary>
    private const int Page = 500;

    /// <summary>How long the tail waits for a notification before reading anyway.</summary>
    private static readonly TimeSpan Unprompted = TimeSpan.FromSeconds(5);

    private long _pushed;

    public override async Task StartAsync(CancellationToken cancellation)
    {
        // Clients that connect from now on catch up from the log by themselves; the tail pushes what is recorded after.
        _pushed = await log.LastPositionAsync(cancellation);
        await base.StartAsync(cancellation);
    }

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(configuration.GetConnectionString("Zumodra"));
                await connection.OpenAsync(stopping);
                await using (var listen = new NpgsqlCommand($"listen {LiveChangeLog.Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stopping);
                while (true)
                {
                    // Listening first, then reading: whatever commits after the read is announced on this connection.
                    await PushRecordedAsync(stopping);
                    await connection.WaitAsync(Unprompted, stopping);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception failure)
            {
                logger.LogWarning(failure, "Following the live change log failed; resuming after position {Position}", _pushed);
                await Task.Delay(TimeSpan.FromSeconds(1), stopping);
            }
        }
    }

    private async Task PushRecordedAsync(CancellationToken stopping)
    {
        IReadOnlyList<LiveChange> recorded;
        do
        {
            recorded = await log.RecordedAfterAsync(_pushed, Page, stopping);
            // This node's cached pages must not be older than what its clients are told: a page that fills a gap after a
            // pushed deletion would show the deleted item again (the other node's cache NOTIFY may come later).
            foreach (var channel in recorded.Select(c => c.Channel).Distinct()) await browseCache.EvictAsync(channel);
            foreach (var change in recorded)
            {
                // Read back from the log, the change has no span to continue: its relay starts a trace of its own.
                await clients.PublishAsync(change, default, stopping);
                _pushed = change.Position;
            }
        } while (recorded.Count == Page);
    }
}
