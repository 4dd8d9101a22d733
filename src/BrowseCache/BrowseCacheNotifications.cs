using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Zumodra.BuildingBlocks;

namespace Zumodra.BrowseCache;

/// <summary>
/// Listens for the commits of other nodes and processes. It starts listening before the server takes requests, and
/// after any reconnect assumes everything changed. This node's own announcements are skipped: it evicted at commit.
/// </summary>
internal sealed class BrowseCacheNotifications(
    IConfiguration configuration, BrowseGenerations generations, BrowseCacheEviction eviction, BrowseCacheAnnouncer announcer,
    ILogger<BrowseCacheNotifications> logger) : BackgroundService
{
    private NpgsqlConnection? _listening;

    public override async Task StartAsync(CancellationToken cancellation)
    {
        try
        {
            _listening = await ListenAsync(cancellation);
        }
        catch (NpgsqlException failure)
        {
            logger.LogWarning(failure, "Could not listen for browse cache notifications; retrying in the background");
        }
        await base.StartAsync(cancellation);
    }

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                // Only the connection made before serving has heard everything since the first response was cached.
                var connection = Interlocked.Exchange(ref _listening, null);
                var mayHaveMissedSome = connection is null;
                await using (connection ??= await ListenAsync(stopping))
                {
                    if (mayHaveMissedSome)
                        foreach (var module in generations.Modules) await eviction.EvictAsync(module);
                    while (true) await connection.WaitAsync(stopping);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception failure)
            {
                logger.LogWarning(failure, "Lost the browse cache notifications; reconnecting");
                await Task.Delay(TimeSpan.FromSeconds(1), stopping);
            }
        }
    }

    private async Task<NpgsqlConnection> ListenAsync(CancellationToken cancellation)
    {
        var connection = new NpgsqlConnection(configuration.GetConnectionString("Zumodra"));
        try
        {
            await connection.OpenAsync(cancellation);
            connection.Notification += (_, notification) =>
            {
                if (!announcer.IsOwn(notification.PID)) _ = eviction.EvictAsync(notification.Payload);
            };
            await using var listen = new NpgsqlCommand($"listen {BrowseCacheChannel.Name}", connection);
            await listen.ExecuteNonQueryAsync(cancellation);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
