using System.Diagnostics;
using System.Text.Json;
using JasperFx.Events;
using Zumodra.Live.Contracts;

namespace Zumodra.BuildingBlocks;

/// <summary>
/// What the live mechanism asks of every module: from a browse projection's side effects, publish one
/// <see cref="BrowseItemChanged"/> per changed item. The message rides the projection's transaction
/// (Wolverine's outbox), so it exists exactly when the events that caused it were committed.
/// </summary>
public static class LiveFeed
{
    /// <summary>The span attribute carrying the global event sequence of a change, from the write that commits it to its fan-out.</summary>
    public const string SequenceAttribute = "zumodra.event.sequence";

    public static void Publish<TItem>(
        IEventSlice<TItem> slice,
        Guid itemId,
        BrowseModule module,
        Func<IEvent, bool> appears,
        Func<IEvent, bool> disappears,
        Func<TItem, FilterableValues> filterable) where TItem : class
    {
        var events = slice.Events();
        if (events.Count == 0) return;

        BrowseChange? change = slice.Snapshot is null
            ? events.Any(disappears) ? BrowseChange.Deleted : null
            : events.Any(appears) ? BrowseChange.Created : BrowseChange.Updated;
        if (change is null) return;

        var last = events[^1];
        // The write's span (when traced) names what it appended, so it can be found from a pushed sequence.
        Activity.Current?.SetTag(SequenceAttribute, last.Sequence);
        slice.PublishMessage(new BrowseItemChanged(
            module.Name,
            module.ItemName,
            change.Value,
            itemId,
            last.Sequence,
            last.Timestamp,
            slice.Snapshot is null ? null : JsonSerializer.SerializeToElement(slice.Snapshot, JsonSerializerOptions.Web),
            slice.Snapshot is null ? FilterableValues.None : filterable(slice.Snapshot)));
    }
}
