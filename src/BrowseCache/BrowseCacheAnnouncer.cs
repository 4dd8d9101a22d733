using System.Threading.Channels;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Zumodra.BuildingBlocks;

namespace Zumodra.BrowseCache;

/// <summary>
/// Tells every node (and any other process) which modules' browse data changed, with a PostgreSQL NOTIFY per module on
/// <see cref="BrowseCacheChannel"/>. Announcements are group-committed: everything that committed while the previous
/// NOTIFY was on its way goes out together, with no timer, so under load a NOTIFY carries many commits. A NOTIFY inside
/// each writing transaction would be atomic with it, but PostgreSQL serializes the commits of notifying transactions
/// and wakes every listener for each, which costs every admin write noticeably more CPU (bench/browse.sh). What that
/// costs: a node that dies between a commit and its announcement leaves the other nodes' pages of that module stale
/// until the next change of it, the node's restart (it announces every module when it starts) or the 10-minute expiry.
/// </summary>
internal sealed class BrowseCacheAnnouncer(IConfiguration configuration, BrowseGenerations generations, ILogger<BrowseCacheAnnouncer> logger)
    : BackgroundService
{
    private readonly Channel<string> _pending = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });

    // One connection kept open, so that this node's listener can tell its own announcements (already applied at
    // commit) from other nodes' by the backend process id PostgreSQL delivers with each notification.
    private NpgsqlConnection? _connection;
    private int _processId;

    internal void Announce(string module) => _pending.Writer.TryWrite(module);

    /// <summary>Whether a notification came from this node's own announcements.</summary>
    internal bool IsOwn(int processId) => processId == Volatile.Read(ref _processId);

    /// <summary>Sends what is waiting now; for processes that commit without running the hosted services (the <c>seed</c> command).</summary>
    public async Task AnnouncePendingAsync(CancellationToken cancellation)
    {
        var modules = new HashSet<string>(StringComparer.Ordinal);
        while (_pending.Reader.TryRead(out var module)) modules.Add(module);
        if (modules.Count == 0) return;
        try
        {
            if (_connection is null)
            {
                var connection = new NpgsqlConnection(configuration.GetConnectionString("Zumodra"));
                _connection = connection;
                await connection.OpenAsync(cancellation);
                Volatile.Write(ref _processId, connection.ProcessID);
            }
            await using var notify = new NpgsqlCommand("select pg_notify(@channel, module) from unnest(@modules) as module", _connection);
            notify.Parameters.AddWithValue("channel", BrowseCacheChannel.Name);
            notify.Parameters.AddWithValue("modules", modules.ToArray());
            await notify.ExecuteNonQueryAsync(cancellation);
        }
        catch
        {
            await DisconnectAsync();
            foreach (var module in modules) Announce(module);
            throw;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        // A predecessor on this node may have died between a commit and its announcement.
        foreach (var module in generations.Modules) Announce(module);
        try
        {
            while (await _pending.Reader.WaitToReadAsync(stopping))
            {
                try
                {
                    await AnnouncePendingAsync(stopping);
                }
                catch (Exception failure) when (!stopping.IsCancellationRequested)
                {
                    logger.LogWarning(failure, "Could not announce browse changes to the other nodes; retrying");
                    await Task.Delay(TimeSpan.FromSeconds(1), stopping);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping: what committed last still goes out if the database allows.
            try
            {
                await AnnouncePendingAsync(CancellationToken.None);
            }
            catch (Exception failure)
            {
                logger.LogWarning(failure, "Could not announce the last browse changes while stopping");
            }
        }
    }

    public override void Dispose()
    {
        _connection?.Dispose();
        base.Dispose();
    }

    private async ValueTask DisconnectAsync()
    {
        Volatile.Write(ref _processId, 0);
        if (_connection is { } connection)
        {
            _connection = null;
            await connection.DisposeAsync();
        }
    }
}
