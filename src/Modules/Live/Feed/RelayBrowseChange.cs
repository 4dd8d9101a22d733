using Marten;
using Wolverine.Attributes;
using Zumodra.Contracts;
using Zumodra.Live.Hubs;

namespace Zumodra.Live.Feed;

/// <summary>
/// Runs on the sequential, durable <c>live</c> queue: records each change for catch-up, then hands it to the
/// connected clients. A redelivered change (after a crash) keeps its first position and is pushed again;
/// clients drop sequences they already have.
/// </summary>
public static class RelayBrowseChangeHandler
{
    [NonTransactional]
    public static async Task Handle(BrowseItemChanged change, IDocumentSession session, LiveChangeLog log, LiveClients clients, CancellationToken cancellation)
    {
        var record = await session.LoadAsync<LiveChange>(change.Sequence, cancellation);
        if (record is null)
        {
            record = LiveChange.From(change, await log.NextPositionAsync(cancellation));
            session.Insert(record);
            await session.SaveChangesAsync(cancellation);
        }
        await clients.PublishAsync(record, cancellation);
    }
}
