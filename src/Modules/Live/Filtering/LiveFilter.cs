using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Zumodra.BuildingBlocks;
using Zumodra.Live.Contracts;
using Zumodra.Live.Hubs;

namespace Zumodra.Live.Filtering;

/// <summary>
/// A subscription's filters, with the browse API's names and meaning: <c>search</c> is full text, every other
/// filter matches when one of the item's values equals one of the requested values, ignoring case.
/// </summary>
internal sealed record LiveFilter(string? Search, IReadOnlyDictionary<string, string[]> Values)
{
    public static readonly LiveFilter None = new(null, new Dictionary<string, string[]>());

    /// <summary>Canonical text, so that subscribers with equal filters share one evaluation per change.</summary>
    public string Key { get; } = (Search ?? "") + "|" + string.Join(";", Values.OrderBy(x => x.Key, StringComparer.Ordinal)
        .Select(x => x.Key + "=" + string.Join(",", x.Value.Select(v => v.ToLowerInvariant()).Order(StringComparer.Ordinal))));

    public bool MatchesValues(FilterableValues item) => Values.All(filter =>
        item.Values.TryGetValue(filter.Key, out var values)
        && values.Any(value => filter.Value.Contains(value, StringComparer.OrdinalIgnoreCase)));

    /// <summary>
    /// Reads the <c>filters</c> argument of <c>Subscribe</c>: an object whose values are strings, booleans or arrays of
    /// those, as a query string would carry them; then checked like the query string (<see cref="Check"/>).
    /// </summary>
    public static LiveFilter Parse(JsonElement? filters, BrowseModule channel)
    {
        if (filters is null || filters.Value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined) return None;
        if (filters.Value.ValueKind != JsonValueKind.Object)
            throw LiveProblem.InvalidFilters("filters", "'filters' must be an object such as { \"search\": \"engineer\", \"remote\": true }, or null.");

        var given = new Dictionary<string, StringValues>(StringComparer.Ordinal);
        foreach (var property in filters.Value.EnumerateObject())
        {
            if (!channel.Filters.Live.Contains(property.Name))
                throw LiveProblem.InvalidFilters(property.Name, $"'{property.Name}' is not a filter of channel '{channel.Name}'; use {string.Join(", ", channel.Filters.Live)}.");
            // A name given twice counts twice, as a repeated query parameter does.
            given[property.Name] = StringValues.Concat(given.GetValueOrDefault(property.Name), TextsOf(property));
        }
        Check(new QueryCollection(given), channel);
        return Build(given, channel);
    }

    /// <summary>
    /// Reads the filters of a join through the query string (its other parameters are the connection's own). The whole
    /// query is checked as the browse API would check it, so a join is refused whenever <c>GET /api/{channel}</c> would
    /// refuse the same query string, also for a browse filter the live channel does not apply (a projects budget).
    /// </summary>
    public static LiveFilter FromQuery(IQueryCollection query, BrowseModule channel)
    {
        Check(query, channel);
        return Build(channel.Filters.Live.Where(query.ContainsKey).ToDictionary(name => name, name => query[name], StringComparer.Ordinal), channel);
    }

    /// <summary>The filter of checked parameters; the search is the sanitized one the browse API runs.</summary>
    private static LiveFilter Build(Dictionary<string, StringValues> given, BrowseModule channel)
    {
        var search = new QueryReader(new QueryCollection(given)).Search();
        var values = given.Where(x => x.Key != "search")
            .Select(x => (Name: x.Key, Values: x.Value
                // Like the browse API, a list filter may also hold comma-separated values.
                .SelectMany(v => channel.Filters.Lists?.Contains(x.Key) == true ? (v ?? "").Split(',') : [v ?? ""])
                .Select(Normalized).Where(v => v.Length > 0).ToArray()))
            .Where(x => x.Values.Length > 0)
            .ToDictionary(x => x.Name, x => x.Values, StringComparer.Ordinal);
        return search is null && values.Count == 0 ? None : new LiveFilter(search, values);
    }

    /// <summary>
    /// Checks the parameters with the channel's own browse reader, so a subscription is refused exactly when
    /// <c>GET /api/{channel}</c> would refuse the same parameters.
    /// </summary>
    private static void Check(IQueryCollection query, BrowseModule channel)
    {
        var reader = new QueryReader(query);
        channel.Filters.Read(reader);
        if (reader.Errors.ToProblem() is HttpValidationProblemDetails { Errors: var errors } && errors.Count > 0)
        {
            var (field, messages) = errors.First();
            throw LiveProblem.InvalidFilters(field, messages[0]);
        }
    }

    /// <summary>
    /// The browse API reads <c>remote=1</c> and <c>remote=on</c> as true, and an id in any of a UUID's spellings; so
    /// does the live filter (items give their ids as <see cref="Guid.ToString()"/> writes them).
    /// </summary>
    private static string Normalized(string value) => value.Trim().ToLowerInvariant() switch
    {
        "1" or "on" or "true" => "true",
        "0" or "off" or "false" => "false",
        var text when Guid.TryParse(text, out var id) => id.ToString(),
        _ => value.Trim(),
    };

    private static StringValues TextsOf(JsonProperty property) => property.Value.ValueKind switch
    {
        JsonValueKind.Null => StringValues.Empty,
        JsonValueKind.Array => new StringValues(property.Value.EnumerateArray().Select(v => TextOf(property.Name, v)).ToArray()),
        _ => TextOf(property.Name, property.Value),
    };

    private static string TextOf(string name, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => throw LiveProblem.InvalidFilters(name, $"'{name}' must be a string, a boolean or an array of those."),
    };
}
