using System.Text.Json;
using Zumodra.Live.Contracts;

namespace Zumodra.Live.Feed;

/// <summary>
/// A relayed <see cref="BrowseItemChanged"/>, kept so that reconnecting clients can catch up. <see cref="Position"/>
/// is the order in which this node pushed changes; a client's last seen sequence maps to a position, so a
/// catch-up resumes exactly where that client's stream of pushes stopped.
/// </summary>
internal sealed class LiveChange
{
    /// <summary>The global event sequence (unique per change), which clients see and send back.</summary>
    public long Id { get; set; }

    public long Position { get; set; }
    public string Channel { get; set; } = "";
    public string ItemName { get; set; } = "";
    public BrowseChange Change { get; set; }
    public Guid ItemId { get; set; }
    public DateTimeOffset Timestamp { get; set; }
    public JsonElement? Item { get; set; }
    public FilterableValues Filterable { get; set; } = FilterableValues.None;

    public static LiveChange From(BrowseItemChanged change, long position) => new()
    {
        Id = change.Sequence,
        Position = position,
        Channel = change.Channel,
        ItemName = change.ItemName,
        Change = change.Change,
        ItemId = change.ItemId,
        Timestamp = change.Timestamp,
        Item = change.Item,
        Filterable = change.Filterable,
    };
}
