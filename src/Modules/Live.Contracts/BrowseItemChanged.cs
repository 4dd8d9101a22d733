using System.Text.Json;

namespace Zumodra.Live.Contracts;

/// <summary>How a change looks to someone browsing a channel.</summary>
public enum BrowseChange
{
    Created,
    Updated,
    Deleted,
}

/// <summary>
/// Published by a module's browse projection, in the same transaction as the events that caused it,
/// whenever an item of its browse read model changes. The Live module relays it to visitors.
/// </summary>
/// <param name="Channel">The live channel visitors join, e.g. <c>jobs</c>.</param>
/// <param name="ItemName">The singular name that prefixes the pushed method, e.g. <c>job</c> for <c>job_created</c>.</param>
/// <param name="Change">What happened to the item from a visitor's point of view.</param>
/// <param name="ItemId">The browse item's id.</param>
/// <param name="Sequence">The global event-store sequence of the last event behind this change.</param>
/// <param name="Timestamp">When that event was committed.</param>
/// <param name="Item">The browse item exactly as the module's browse API returns it; null for deletions.</param>
/// <param name="Filterable">The item's values under the browse API's filter names, for server-side filtering.</param>
public sealed record BrowseItemChanged(
    string Channel,
    string ItemName,
    BrowseChange Change,
    Guid ItemId,
    long Sequence,
    DateTimeOffset Timestamp,
    JsonElement? Item,
    FilterableValues Filterable);

/// <param name="SearchText">The text a <c>search</c> filter matches (full text, PostgreSQL <c>english</c> configuration).</param>
/// <param name="Values">Filter name (as in the browse API's query string) to the item's values; a filter matches when any value equals one of the requested ones, ignoring case.</param>
public sealed record FilterableValues(string SearchText, IReadOnlyDictionary<string, string[]> Values)
{
    public static readonly FilterableValues None = new("", new Dictionary<string, string[]>());
}
