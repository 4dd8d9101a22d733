using JasperFx.Events.Projections;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Npgsql;
using Wolverine.Http;
using Zumodra.Admin.Catalog;
using Zumodra.Admin.RebuildingProjections;
using Zumodra.Admin.Security;
using Zumodra.BuildingBlocks;

namespace Zumodra.Admin.ListingProjections;

/// <param name="State">
/// <c>current</c> (has applied every committed event), <c>behind</c> (an asynchronous projection that has not yet),
/// <c>rebuilding</c>, or <c>live</c> (aggregated on demand, nothing stored).
/// </param>
/// <param name="Position">The last event sequence the projection has applied; inline projections apply each event in the transaction that appends it.</param>
/// <param name="Behind">How many sequence numbers the position is below the high-water mark.</param>
/// <param name="Documents">How many documents its table holds (single-stream aggregations).</param>
public sealed record ProjectionView(
    string Name,
    string Kind,
    string Lifecycle,
    IReadOnlyList<string> DocumentTypes,
    string? Table,
    long? Documents,
    long? Position,
    long? Behind,
    string State,
    bool Rebuildable,
    string? NotRebuildable,
    bool Rebuilding,
    string StatusUrl,
    RebuildStatusResponse? LastRebuild);

/// <param name="HighWaterMark">The highest committed event sequence.</param>
/// <param name="SequenceValue">The event sequence's current value (appends in flight and rolled back ones included).</param>
public sealed record ProjectionsOverview(long HighWaterMark, long SequenceValue, long EventCount, long StreamCount, IReadOnlyList<ProjectionView> Projections);

public sealed class ProjectionOverview(IDocumentStore store, ProjectionCatalog catalog, ProjectionRebuilds rebuilds)
{
    public async Task<ProjectionsOverview> ReadAsync(CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        var high = await session.HighestCommittedAsync(cancellation);
        var statistics = await store.Advanced.FetchEventStoreStatistics(token: cancellation);
        var progress = (await store.Advanced.AllProjectionProgress(token: cancellation))
            .GroupBy(x => x.ShardName.Split(':')[0])
            .ToDictionary(x => x.Key, x => x.Min(s => s.Sequence), StringComparer.OrdinalIgnoreCase);

        var views = new List<ProjectionView>();
        foreach (var entry in catalog.All)
        {
            var status = await rebuilds.StatusAsync(entry.Name, cancellation);
            var rebuilding = status?.State == RebuildStates.Running;
            long? position = entry.Lifecycle switch
            {
                ProjectionLifecycle.Inline => high,
                ProjectionLifecycle.Async => progress.TryGetValue(entry.Name, out var sequence) ? sequence : 0,
                _ => null,
            };
            var behind = position is null ? (long?)null : Math.Max(0, high - position.Value);
            var state = rebuilding ? "rebuilding"
                : entry.Lifecycle == ProjectionLifecycle.Live ? "live"
                : behind > 0 ? "behind"
                : "current";
            views.Add(new ProjectionView(
                entry.Name, entry.Kind, entry.Lifecycle.ToString().ToLowerInvariant(),
                entry.PublishedTypes.Select(x => x.Name).ToList(),
                entry.Document?.Table.QualifiedName,
                entry.Document is null ? null : await CountAsync(entry.Document.Table.QualifiedName, cancellation),
                position, behind, state, entry.Document is not null, entry.NotRebuildable, rebuilding,
                RebuildStatusResponse.UrlOf(entry.Name), status is null ? null : RebuildStatusResponse.From(status)));
        }
        return new ProjectionsOverview(high, statistics.EventSequenceNumber, statistics.EventCount, statistics.StreamCount, views);
    }

    private async Task<long?> CountAsync(string table, CancellationToken cancellation)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        await using var command = new NpgsqlCommand($"select count(*) from {table}", connection);
        try
        {
            return (long)(await command.ExecuteScalarAsync(cancellation))!;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return null;
        }
    }
}

public static class ListProjectionsEndpoint
{
    /// <summary>
    /// <c>GET /api/admin/projections</c>: every projection any module registered, with its state, its position against the
    /// event store's high-water mark, and whether a rebuild of it is running.
    /// </summary>
    [WolverineGet("/api/admin/projections"), AdminOnly, Tags("Admin")]
    public static Task<ProjectionsOverview> Get(ProjectionOverview overview, CancellationToken cancellation) => overview.ReadAsync(cancellation);
}
