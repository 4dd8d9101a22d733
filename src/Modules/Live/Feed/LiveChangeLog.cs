using JasperFx;
using Marten;
using Zumodra.Live.Contracts;

namespace Zumodra.Live.Feed;

/// <summary>Where relayed changes are kept for catch-up, and the counter that orders them.</summary>
internal sealed class LiveChangeLog(IDocumentStore store)
{
    // Recording is the relay's alone (one batch at a time), so the counter needs no lock.
    private long? _position;

    /// <summary>
    /// Records <paramref name="changes"/> in one transaction, each at the next push position, and returns them in push
    /// order. A change redelivered after a crash keeps the record (and so the place in the catch-up order) it already has.
    /// </summary>
    public async Task<IReadOnlyList<LiveChange>> RecordAsync(IReadOnlyList<BrowseItemChanged> changes, CancellationToken cancellation)
    {
        var records = new List<LiveChange>(changes.Count);
        foreach (var change in changes) records.Add(LiveChange.From(change, await NextPositionAsync(cancellation)));
        try
        {
            // One round trip in the usual case; only a redelivery finds a change already recorded.
            await InsertAsync(records, cancellation);
            return records;
        }
        catch (DocumentAlreadyExistsException)
        {
            await using var query = store.QuerySession();
            var recorded = await query.LoadManyAsync<LiveChange>(cancellation, records.Select(x => x.Id));
            var known = recorded.Select(x => x.Id).ToHashSet();
            var fresh = records.Where(x => !known.Contains(x.Id)).ToList();
            if (fresh.Count > 0) await InsertAsync(fresh, cancellation);
            return [.. recorded.Concat(fresh).OrderBy(x => x.Position)];
        }
    }

    private async Task InsertAsync(IReadOnlyList<LiveChange> records, CancellationToken cancellation)
    {
        await using var session = store.LightweightSession();
        session.Insert<LiveChange>(records);
        await session.SaveChangesAsync(cancellation);
    }

    /// <summary>The next push position: continues after the highest stored one, across restarts.</summary>
    private async ValueTask<long> NextPositionAsync(CancellationToken cancellation)
    {
        if (_position is null)
        {
            await using var session = store.QuerySession();
            _position = await session.Query<LiveChange>().OrderByDescending(x => x.Position).Select(x => x.Position).FirstOrDefaultAsync(cancellation);
        }
        return (++_position).Value;
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
