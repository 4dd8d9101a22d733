using JasperFx;
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
        var record = LiveChange.From(change, await log.NextPositionAsync(cancellation));
        session.Insert(record);
        try
        {
            // One round trip in the usual case; only a redelivery finds its change already recorded.
            await session.SaveChangesAsync(cancellation);
        }
        catch (DocumentAlreadyExistsException)
        {
            await using var query = session.DocumentStore.QuerySession();
            record = await query.LoadAsync<LiveChange>(change.Sequence, cancellation) ?? throw new InvalidOperationException(
                $"Change {change.Sequence} was recorded yet cannot be loaded.");
        }
        await clients.PublishAsync(record, cancellation);
    }
}
