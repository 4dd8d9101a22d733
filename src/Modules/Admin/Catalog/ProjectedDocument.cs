using JasperFx.Events;
using JasperFx.Events.Aggregation;
using Marten;
using Weasel.Core;
using Zumodra.Admin.RebuildingProjections;
using Zumodra.BuildingBlocks;

namespace Zumodra.Admin.Catalog;

/// <summary>
/// The document one single-stream projection keeps per stream (a browse item, a write-model snapshot), with what
/// Admin needs to show it at any point of the stream's history and to rebuild it: the projection's own aggregator,
/// the event types it takes and the table it lives in.
/// </summary>
internal abstract class ProjectedDocument
{
    public abstract string ProjectionName { get; }

    public abstract Type DocumentType { get; }

    public abstract DbObjectName Table { get; }

    /// <summary>The event types the projection takes; empty: every event of the stream.</summary>
    public abstract IReadOnlyList<Type> EventTypes { get; }

    /// <summary>The stream type the projection is limited to, if any.</summary>
    public abstract Type? StreamType { get; }

    /// <summary>The browse module whose read model this is (its cached answers change with it), if any.</summary>
    public abstract BrowseModule? BrowseModule { get; }

    public bool Accepts(IEvent e) => EventTypes.Count == 0 || EventTypes.Contains(e.EventType);

    /// <summary>The document as Marten's live aggregation builds it from the stream up to a version or a time; null when there was none.</summary>
    public abstract Task<object?> AggregateAsync(IQuerySession session, Guid id, long version, DateTimeOffset? timestamp, CancellationToken cancellation);

    /// <summary>Applies events (of one stream, in order) to a document state, exactly as the projection does.</summary>
    public abstract ValueTask<object?> ApplyAsync(IQuerySession session, object? snapshot, IReadOnlyList<IEvent> events, CancellationToken cancellation);

    public abstract IDocumentRebuild CreateRebuild(RebuildProgress progress);
}

internal sealed class SingleStreamDocument<TDoc>(IDocumentStore store, string name, Type[] eventTypes, Type? streamType, BrowseModule? browseModule)
    : ProjectedDocument
    where TDoc : class
{
    private readonly Lazy<IAggregator<TDoc, IQuerySession>> _aggregator = new(() => ((StoreOptions)store.Options).Projections.AggregatorFor<TDoc>());

    public override string ProjectionName => name;

    public override Type DocumentType => typeof(TDoc);

    public override DbObjectName Table => store.Options.FindOrResolveDocumentType(typeof(TDoc)).TableName;

    public override IReadOnlyList<Type> EventTypes => eventTypes;

    public override Type? StreamType => streamType;

    public override BrowseModule? BrowseModule => browseModule;

    public IAggregator<TDoc, IQuerySession> Aggregator => _aggregator.Value;

    public override async Task<object?> AggregateAsync(IQuerySession session, Guid id, long version, DateTimeOffset? timestamp, CancellationToken cancellation) =>
        await session.Events.AggregateStreamAsync<TDoc>(id, version, timestamp, token: cancellation);

    public override async ValueTask<object?> ApplyAsync(IQuerySession session, object? snapshot, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var accepted = EventTypes.Count == 0 ? events : events.Where(Accepts).ToList();
        if (accepted.Count == 0) return snapshot;
        return await Aggregator.BuildAsync(accepted, session, (TDoc?)snapshot, cancellation);
    }

    public override IDocumentRebuild CreateRebuild(RebuildProgress progress) => new DocumentRebuild<TDoc>((DocumentStore)store, this, progress);
}
