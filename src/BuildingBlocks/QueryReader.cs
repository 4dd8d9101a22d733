using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Zumodra.BuildingBlocks;

/// <summary>
/// Reads browse query-string parameters strictly: anything malformed or out of range is reported by
/// parameter name instead of being silently ignored, so a client learns which parameter was wrong.
/// </summary>
public sealed class QueryReader(IQueryCollection query)
{
    public const int MaxPageSize = 100;
    public const int MaxPage = 10_000;

    public ValidationErrors Errors { get; } = new();

    public string? Text(string name, int maxLength = 200)
    {
        var value = Single(name);
        if (string.IsNullOrWhiteSpace(value)) return null;
        value = value.Trim();
        Errors.When(value.Length > maxLength, name, $"'{name}' must be at most {maxLength} characters.");
        return value;
    }

    /// <summary>The parameter as given (untrimmed), checked only to be given once and to hold no forbidden character.</summary>
    public string? Raw(string name) => Single(name);

    /// <summary>
    /// A full-text search: checked like <see cref="Text"/>, then made into web-search text PostgreSQL always accepts
    /// (<see cref="FullTextSearch.Sanitize"/>); null when nothing searchable was given.
    /// </summary>
    public string? Search(string name = "search") => Text(name) is { } text ? FullTextSearch.Sanitize(text) : null;

    public string[] Texts(string name, IReadOnlyCollection<string>? allowed = null)
    {
        foreach (var value in query[name]) Safe(name, value);
        var values = query[name].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        if (allowed is not null)
            foreach (var value in values.Where(v => !allowed.Contains(v)))
                Errors.Add(name, $"'{value}' is not a valid {name}; expected one of: {string.Join(", ", allowed)}.");
        return values;
    }

    public bool? Bool(string name)
    {
        var value = Single(name);
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (bool.TryParse(value, out var result)) return result;
        if (value is "1" or "on") return true;
        if (value is "0" or "off") return false;
        Errors.Add(name, $"'{name}' must be true or false.");
        return null;
    }

    /// <summary>An item's id (a UUID in any of its usual spellings), such as the company whose listings are asked for.</summary>
    public Guid? Id(string name)
    {
        var value = Single(name);
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (Guid.TryParse(value.Trim(), out var id)) return id;
        Errors.Add(name, $"'{name}' must be a UUID such as 0f8fad5b-d9cb-469f-a165-70867728950e.");
        return null;
    }

    public int Int(string name, int defaultValue, int min, int max)
    {
        var value = Single(name);
        if (string.IsNullOrWhiteSpace(value)) return defaultValue;
        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var result))
        {
            Errors.Add(name, $"'{name}' must be a whole number.");
            return defaultValue;
        }
        if (result < min || result > max)
        {
            Errors.Add(name, $"'{name}' must be between {min} and {max}.");
            return defaultValue;
        }
        return result;
    }

    public double? Double(string name, double min, double max)
    {
        var value = Single(name);
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var result) && result >= min && result <= max)
            return result;
        Errors.Add(name, $"'{name}' must be a number between {min} and {max}.");
        return null;
    }

    public string OneOf(string name, string defaultValue, IReadOnlyCollection<string> allowed)
    {
        var value = Single(name);
        if (string.IsNullOrWhiteSpace(value)) return defaultValue;
        if (allowed.Contains(value)) return value;
        Errors.Add(name, $"'{name}' must be one of: {string.Join(", ", allowed)}.");
        return defaultValue;
    }

    public PageRequest Paging() => new(Int("page", 1, 1, MaxPage), Int("pageSize", 20, 1, MaxPageSize));

    /// <summary>A west,south,east,north bounding box, as Leaflet's <c>getBounds().toBBoxString()</c> writes it.</summary>
    public BoundingBox? Bbox(string name = "bbox")
    {
        var value = Single(name);
        if (string.IsNullOrWhiteSpace(value)) return null;
        var parts = value.Split(',');
        var numbers = parts.Select(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : double.NaN).ToArray();
        if (numbers.Length != 4 || numbers.Any(double.IsNaN)
            || numbers[0] is < -180 or > 180 || numbers[2] is < -180 or > 180
            || numbers[1] is < -90 or > 90 || numbers[3] is < -90 or > 90
            || numbers[1] > numbers[3] || numbers[0] > numbers[2])
        {
            Errors.Add(name, $"'{name}' must be west,south,east,north in degrees.");
            return null;
        }
        return new BoundingBox(numbers[0], numbers[1], numbers[2], numbers[3]);
    }

    private string? Single(string name)
    {
        var values = query[name];
        if (values.Count > 1) Errors.Add(name, $"'{name}' may be given only once.");
        return values.Count == 0 ? null : Safe(name, values[0]);
    }

    /// <summary>The value, or null (with the error noted) when it holds a character <see cref="TextRules"/> forbids.</summary>
    private string? Safe(string name, string? value)
    {
        if (value is null || TextRules.ForbiddenCharacter(value) is not { } c) return value;
        Errors.Add(name, TextRules.Message(name, c));
        return null;
    }
}

public sealed record PageRequest(int Page, int PageSize)
{
    public int Skip => (Page - 1) * PageSize;
}

public sealed record BoundingBox(double West, double South, double East, double North);

/// <summary>A filter value with how many items carry it, for the filter sidebar.</summary>
public sealed record FacetCount(string Value, int Count);

/// <summary>The answer to every admin write: the item's id and the stream version after the write.</summary>
public sealed record Written(Guid Id, long Version);
