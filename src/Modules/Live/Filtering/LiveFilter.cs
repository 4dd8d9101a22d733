using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Zumodra.BuildingBlocks;
using Zumodra.Contracts;

namespace Zumodra.Live.Filtering;

/// <summary>
/// A subscription's filters, with the browse API's names and meaning: <c>search</c> is full text, every other
/// filter matches when one of the item's values equals one of the requested values, ignoring case.
/// </summary>
public sealed record LiveFilter(string? Search, IReadOnlyDictionary<string, string[]> Values)
{
    public static readonly LiveFilter None = new(null, new Dictionary<string, string[]>());

    public bool IsNone => Search is null && Values.Count == 0;

    /// <summary>Canonical text, so that subscribers with equal filters share one evaluation per change.</summary>
    public string Key { get; } = (Search ?? "") + "|" + string.Join(";", Values.OrderBy(x => x.Key, StringComparer.Ordinal)
        .Select(x => x.Key + "=" + string.Join(",", x.Value.Select(v => v.ToLowerInvariant()).Order(StringComparer.Ordinal))));

    public bool MatchesValues(FilterableValues item) => Values.All(filter =>
        item.Values.TryGetValue(filter.Key, out var values)
        && values.Any(value => filter.Value.Contains(value, StringComparer.OrdinalIgnoreCase)));

    /// <summary>Reads the <c>filters</c> argument of <c>Subscribe</c> (or the query string); anything unknown or malformed is a hub error naming it.</summary>
    public static LiveFilter Parse(JsonElement? filters, LiveChannel channel)
    {
        if (filters is null || filters.Value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined) return None;
        if (filters.Value.ValueKind != JsonValueKind.Object)
            throw new HubException("invalid_filters: 'filters' must be an object such as { \"search\": \"engineer\", \"remote\": true }, or null.");

        string? search = null;
        var values = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var property in filters.Value.EnumerateObject())
        {
            if (!channel.Filters.Contains(property.Name))
                throw new HubException($"invalid_filters: '{property.Name}' is not a filter of channel '{channel.Name}'; use {string.Join(", ", channel.Filters)}.");
            var given = ValuesOf(property);
            if (given.Length == 0) continue;
            if (given.Any(v => v.Length > 200))
                throw new HubException($"invalid_filters: '{property.Name}' values must be at most 200 characters.");
            if (property.Name == "search") search = string.Join(' ', given);
            else values[property.Name] = given;
        }
        return search is null && values.Count == 0 ? None : new LiveFilter(search, values);
    }

    public static LiveFilter FromQuery(Microsoft.AspNetCore.Http.IQueryCollection query, LiveChannel channel)
    {
        var values = channel.Filters.Where(query.ContainsKey)
            // Like the browse API, a parameter may repeat, and a list filter may also hold comma-separated values.
            .ToDictionary(name => name, name => (object)query[name]
                .SelectMany(v => channel.ListFilters?.Contains(name) == true ? (v ?? "").Split(',', StringSplitOptions.TrimEntries) : [v ?? ""])
                .Where(v => !string.IsNullOrWhiteSpace(v)).ToArray());
        return values.Count == 0 ? None : Parse(JsonSerializer.SerializeToElement(values), channel);
    }

    /// <summary>The browse API reads <c>remote=1</c> and <c>remote=on</c> as true; so does the live filter.</summary>
    private static string Normalized(string value) => value.Trim().ToLowerInvariant() switch
    {
        "1" or "on" or "true" => "true",
        "0" or "off" or "false" => "false",
        _ => value.Trim(),
    };

    private static string[] ValuesOf(JsonProperty property) => property.Value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => [],
        JsonValueKind.String => string.IsNullOrWhiteSpace(property.Value.GetString()) ? [] : [Normalized(property.Value.GetString()!)],
        JsonValueKind.True => ["true"],
        JsonValueKind.False => ["false"],
        JsonValueKind.Number => [property.Value.GetRawText()],
        JsonValueKind.Array => property.Value.EnumerateArray().Select(v => v.ValueKind switch
        {
            JsonValueKind.String => Normalized(v.GetString()!),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => throw new HubException($"invalid_filters: '{property.Name}' must be a string or an array of strings."),
        }).Where(v => v.Length > 0).ToArray(),
        _ => throw new HubException($"invalid_filters: '{property.Name}' must be a string, a boolean or an array of strings."),
    };
}
