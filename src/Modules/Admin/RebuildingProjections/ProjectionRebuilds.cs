using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Text;
using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Zumodra.Admin.Catalog;

namespace Zumodra.Admin.RebuildingProjections;

public enum RebuildStartOutcome
{
    Started,
    UnknownProjection,
    NotRebuildable,
    AlreadyRunning,
}

/// <param name="Status">The rebuild just started, or the one already running.</param>
/// <param name="Reason">Why a projection cannot be rebuilt.</param>
public sealed record RebuildStart(RebuildStartOutcome Outcome, string Projection, ProjectionRebuildStatus? Status, string? Reason = null);

/// <summary>
/// Starts rebuilds in the background and answers how they are doing. One rebuild per projection at a time, across
/// all nodes: the rebuild holds a PostgreSQL advisory lock (on its own connection) for as long as it runs.
/// </summary>
public sealed class ProjectionRebuilds(
    IDocumentStore store,
    ProjectionCatalog catalog,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    IMeterFactory meters,
    ILogger<ProjectionRebuilds> logger)
{
    private static readonly TimeSpan SaveEvery = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<string, Run> _running = ObservedRuns(meters);

    /// <summary>The rebuilds running here, whose progress meter <c>Zumodra.Admin</c> reads at collection time.</summary>
    private static ConcurrentDictionary<string, Run> ObservedRuns(IMeterFactory meters)
    {
        var running = new ConcurrentDictionary<string, Run>(StringComparer.OrdinalIgnoreCase);
        var meter = meters.Create("Zumodra.Admin");
        Gauge("zumodra.admin.rebuild.events_processed", progress => progress.EventsProcessed, "Events a running projection rebuild has applied so far.");
        Gauge("zumodra.admin.rebuild.events_total", progress => progress.EventsTotal,
            "Events a running projection rebuild is to apply (grows with those it catches up).");
        return running;

        void Gauge(string name, Func<RebuildProgress, long> read, string description) => meter.CreateObservableGauge(name,
            () => running.Select(x => new Measurement<long>(read(x.Value.Progress), new KeyValuePair<string, object?>("projection", x.Key))),
            "{event}", description);
    }

    private sealed class Run(ProjectionRebuildStatus status, RebuildProgress progress)
    {
        public ProjectionRebuildStatus Status { get; } = status;
        public RebuildProgress Progress { get; } = progress;
        public Task Completion { get; set; } = Task.CompletedTask;

        /// <summary>
        /// How it ended, published whole: a status read while the rebuild finishes must never show the end state
        /// without its figures (under load a reader saw "completed" with 0 events).
        /// </summary>
        public volatile ProjectionRebuildStatus? Outcome;
    }

    public bool IsRunningHere(string projection) => _running.ContainsKey(projection);

    public async Task<RebuildStart> StartAsync(string projection, string? startedBy, CancellationToken cancellation)
    {
        var entry = catalog.Find(projection);
        if (entry is null) return new RebuildStart(RebuildStartOutcome.UnknownProjection, projection, null);
        if (entry.Document is null) return new RebuildStart(RebuildStartOutcome.NotRebuildable, entry.Name, null, entry.NotRebuildable);

        var now = time.GetUtcNow();
        var status = new ProjectionRebuildStatus
        {
            Id = entry.Name, RunId = Guid.NewGuid(), State = RebuildStates.Running, StartedAt = now, UpdatedAt = now, StartedBy = startedBy,
        };
        var run = new Run(status, new RebuildProgress());
        if (!_running.TryAdd(entry.Name, run))
            return new RebuildStart(RebuildStartOutcome.AlreadyRunning, entry.Name, await StatusAsync(entry.Name, cancellation));

        NpgsqlConnection? connection = null;
        try
        {
            connection = store.Storage.Database.CreateConnection();
            await connection.OpenAsync(cancellation);
            if (!await TryLockAsync(connection, entry.Name, cancellation))
            {
                await connection.DisposeAsync();
                _running.TryRemove(entry.Name, out _);
                return new RebuildStart(RebuildStartOutcome.AlreadyRunning, entry.Name, await StatusAsync(entry.Name, cancellation));
            }

            await SaveAsync(status, CancellationToken.None);
            var rebuild = entry.Document.CreateRebuild(run.Progress);
            var owned = connection;
            run.Completion = Task.Run(() => RunAsync(run, rebuild, owned), CancellationToken.None);
            logger.LogInformation("Rebuild of projection {Projection} started by {User}", entry.Name, startedBy);
            return new RebuildStart(RebuildStartOutcome.Started, entry.Name, Snapshot(run));
        }
        catch
        {
            if (connection is not null) await connection.DisposeAsync();
            _running.TryRemove(entry.Name, out _);
            throw;
        }
    }

    /// <summary>The running or last rebuild of the projection; null when there never was one.</summary>
    public async Task<ProjectionRebuildStatus?> StatusAsync(string projection, CancellationToken cancellation)
    {
        var name = catalog.Find(projection)?.Name ?? projection;
        if (_running.TryGetValue(name, out var run)) return Snapshot(run);

        var status = await LoadAsync(name, cancellation);
        if (status is not { State: RebuildStates.Running } || await IsLockedAsync(name, cancellation)) return status;

        // Not locked: the run ended after the read, and saved its outcome before unlocking...
        status = await LoadAsync(name, cancellation);
        if (status is not { State: RebuildStates.Running }) return status;
        // ...or the node running it stopped before it could say how it ended.
        status.State = RebuildStates.Failed;
        status.Error = "The rebuild was interrupted: the process running it stopped.";
        status.EtaSeconds = null;
        status.FinishedAt = status.UpdatedAt;
        return status;
    }

    private async Task<ProjectionRebuildStatus?> LoadAsync(string name, CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<ProjectionRebuildStatus>(name, cancellation);
    }

    /// <summary>Completes when the rebuild running in this process ends (at once when none runs here).</summary>
    public Task WhenFinished(string projection) =>
        _running.TryGetValue(catalog.Find(projection)?.Name ?? projection, out var run) ? run.Completion : Task.CompletedTask;

    private ProjectionRebuildStatus Snapshot(Run run)
    {
        if (run.Outcome is { } outcome) return outcome.Copy();
        var copy = run.Status.Copy();
        copy.Update(run.Progress, time.GetUtcNow());
        return copy;
    }

    private async Task RunAsync(Run run, IDocumentRebuild rebuild, NpgsqlConnection connection)
    {
        // The running status stays untouched (readers update copies of it); the outcome is a copy, published when complete.
        var status = run.Status.Copy();
        using var stopSaving = new CancellationTokenSource();
        var saving = SavePeriodicallyAsync(run, stopSaving.Token);
        try
        {
            var changes = await rebuild.RunAsync(connection, lifetime.ApplicationStopping);
            status.Changes = changes;
            status.State = RebuildStates.Completed;
            logger.LogInformation(
                "Rebuild of projection {Projection} completed: {Events} events in {Seconds:F1} s ({Rate:F0} events/s); {Inserted} inserted, {Updated} updated, {Deleted} deleted, {CaughtUp} streams caught up",
                status.Id, run.Progress.EventsProcessed, run.Progress.Elapsed.TotalSeconds, run.Progress.Rate,
                changes.Inserted, changes.Updated, changes.Deleted, changes.CaughtUpStreams);
        }
        catch (Exception e)
        {
            status.State = RebuildStates.Failed;
            status.Error = e is OperationCanceledException ? "The rebuild was cancelled: the application is stopping." : e.Message;
            logger.LogError(e, "Rebuild of projection {Projection} failed", status.Id);
        }
        finally
        {
            await stopSaving.CancelAsync();
            await saving;
            status.Update(run.Progress, time.GetUtcNow());
            status.FinishedAt = status.UpdatedAt;
            run.Outcome = status;
            try
            {
                await SaveAsync(status, CancellationToken.None);
            }
            catch (Exception e)
            {
                logger.LogError(e, "Could not record the outcome of the rebuild of {Projection}", status.Id);
            }
            await UnlockAsync(connection, status.Id);
            await connection.DisposeAsync();
            _running.TryRemove(status.Id, out _);
        }
    }

    private async Task SavePeriodicallyAsync(Run run, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(SaveEvery, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                try
                {
                    await SaveAsync(Snapshot(run), stop);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Could not record the progress of the rebuild of {Projection}", run.Status.Id);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The rebuild ended.
        }
    }

    private async Task SaveAsync(ProjectionRebuildStatus status, CancellationToken cancellation)
    {
        await using var session = store.LightweightSession();
        session.Store(status);
        await session.SaveChangesAsync(cancellation);
    }

    // ---- One rebuild per projection across all nodes ----

    private static long LockKey(string projection)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("zumodra.admin.rebuild:" + projection.ToLowerInvariant()));
        return BitConverter.ToInt64(hash, 0);
    }

    private static async Task<bool> TryLockAsync(NpgsqlConnection connection, string projection, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand("select pg_try_advisory_lock(@key)", connection);
        command.Parameters.AddWithValue("key", LockKey(projection));
        return (bool)(await command.ExecuteScalarAsync(cancellation))!;
    }

    private async Task UnlockAsync(NpgsqlConnection connection, string projection)
    {
        try
        {
            await using var command = new NpgsqlCommand("select pg_advisory_unlock(@key)", connection);
            command.Parameters.AddWithValue("key", LockKey(projection));
            await command.ExecuteScalarAsync();
        }
        catch (Exception e)
        {
            // A broken connection is not returned to the pool, and the server releases its locks with the session.
            logger.LogWarning(e, "Could not release the rebuild lock of {Projection}", projection);
        }
    }

    private async Task<bool> IsLockedAsync(string projection, CancellationToken cancellation)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        if (!await TryLockAsync(connection, projection, cancellation)) return true;
        await UnlockAsync(connection, projection);
        return false;
    }
}
