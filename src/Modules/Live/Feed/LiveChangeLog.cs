using System.Globalization;
using JasperFx;
using Marten;
using Npgsql;
using Zumodra.Live.Contracts;

namespace Zumodra.Live.Feed;

/// <summary>
/// Where relayed changes are kept for catch-up, and the order in which they are pushed. Positions are handed out under
/// one lock for the whole database and committed while it is held, so on every node that reads the log, a change at a
/// position is visible only after all those before it: nodes that follow the log push in one order, and none skips one.
/// </summary>
internal sealed class LiveChangeLog(IDocumentStore store)
{
    /// <summary>The NOTIFY channel on which each recording transaction announces its last position (see <see cref="LiveChangeTail"/>).</summary>
    public const string Channel = "zumodra_live";

    /// <summary>The advisory lock that orders recordings across nodes (an arbitrary constant, this log's own).</summary>
    internal const long RecordingLock = 0x7a756d_6c697665;

    /// <summary>
    /// Records <paramref name="changes"/> at the next positions and returns them in push order. A change redelivered after
    /// a crash keeps the record (and so the place in the catch-up order) it already has.
    /// </summary>
    public async Task<IReadOnlyList<LiveChange>> RecordAsync(IReadOnlyList<BrowseItemChanged> changes, CancellationToken cancellation)
    {
        try
        {
            // One transaction in the usual case; only a redelivery finds a change already recorded.
            return await RecordFreshAsync(changes, cancellation);
        }
        catch (DocumentAlreadyExistsException)
        {
            await using var query = store.QuerySession();
            var recorded = await query.LoadManyAsync<LiveChange>(cancellation, changes.Select(x => x.Sequence));
            var known = recorded.Select(x => x.Id).ToHashSet();
            var fresh = await RecordFreshAsync(changes.Where(x => !known.Contains(x.Sequence)).ToList(), cancellation);
            return [.. recorded.Concat(fresh).OrderBy(x => x.Position)];
        }
    }

    private async Task<IReadOnlyList<LiveChange>> RecordFreshAsync(IReadOnlyList<BrowseItemChanged> changes, CancellationToken cancellation)
    {
        if (changes.Count == 0) return [];
        await using var session = store.LightweightSession();
        await session.BeginTransactionAsync(cancellation);
        var position = await LockAndReadLastPositionAsync(session, cancellation);
        var records = changes.Select(change => LiveChange.From(change, ++position)).ToList();
        session.Insert<LiveChange>(records);
        session.QueueSqlCommand("select pg_notify(?, ?)", Channel, position.ToString(CultureInfo.InvariantCulture));
        await session.SaveChangesAsync(cancellation);
        return records;
    }

    /// <summary>
    /// Takes the recording lock (held until the transaction ends), then reads the last position. Two statements in one
    /// round trip: each reads its own snapshot, so the read sees whatever committed while this one waited for the lock.
    /// </summary>
    private static async Task<long> LockAndReadLastPositionAsync(IDocumentSession session, CancellationToken cancellation)
    {
        var table = session.DocumentStore.Options.FindOrResolveDocumentType(typeof(LiveChange)).TableName.QualifiedName;
        await using var batch = new NpgsqlBatch(session.Connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("select pg_advisory_xact_lock($1)") { Parameters = { new() { Value = RecordingLock } } },
                new NpgsqlBatchCommand($"select coalesce(max(position), 0) from {table}"),
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellation);
        await reader.NextResultAsync(cancellation);
        await reader.ReadAsync(cancellation);
        return reader.GetInt64(0);
    }

    /// <summary>The last position recorded so far (0 when none).</summary>
    public async Task<long> LastPositionAsync(CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        return await session.Query<LiveChange>().OrderByDescending(x => x.Position).Select(x => x.Position).FirstOrDefaultAsync(cancellation);
    }

    /// <summary>Up to <paramref name="max"/> changes recorded after <paramref name="afterPosition"/>, on every channel, in push order.</summary>
    public async Task<IReadOnlyList<LiveChange>> RecordedAfterAsync(long afterPosition, int max, CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        return await session.Query<LiveChange>().Where(x => x.Position > afterPosition).OrderBy(x => x.Position).Take(max).ToListAsync(cancellation);
    }

    /// <summary>
    /// The changes a client that last saw <paramref name="afterSequence"/> missed on <paramref name="channel"/>, in push
    /// order, or null when there are more than <paramref name="max"/>. If that sequence was pushed on this channel, resume
    /// after its position (exact even when commits finished out of sequence order); otherwise after the sequence itself.
    /// </summary>
    public async Task<IReadOnlyList<LiveChange>?> MissedAsync(string channel, long afterSequence, int max, CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        var seen = await session.LoadAsync<LiveChange>(afterSequence, cancellation);
        var changes = session.Query<LiveChange>().Where(x => x.Channel == channel);
        changes = seen is not null && seen.Channel == channel
            ? changes.Where(x => x.Position > seen.Position)
            : changes.Where(x => x.Id > afterSequence);
        return await InPushOrder(changes, max, cancellation);
    }

    /// <summary>The changes pushed on <paramref name="channel"/> after push position <paramref name="afterPosition"/>, in push order, or null when there are more than <paramref name="max"/>.</summary>
    public async Task<IReadOnlyList<LiveChange>?> PushedAfterAsync(string channel, long afterPosition, int max, CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        return await InPushOrder(session.Query<LiveChange>().Where(x => x.Channel == channel && x.Position > afterPosition), max, cancellation);
    }

    private static async Task<IReadOnlyList<LiveChange>?> InPushOrder(IQueryable<LiveChange> changes, int max, CancellationToken cancellation)
    {
        var ordered = changes.OrderBy(x => x.Position);
        // Too many to replay (the client reloads instead): found from the positions alone, without reading the changes.
        if ((await ordered.Select(x => x.Position).Skip(max).Take(1).ToListAsync(cancellation)).Count > 0) return null;
        return await ordered.Take(max).ToListAsync(cancellation);
    }
}
