using System.Text.Json;

namespace Zumodra.Web.Browsing;

/// <summary>
/// What a page tells wwwroot/js/browse.js, as a JSON data block: the live channel and the page's filters (with the
/// Live hub's names), the event sequence the page was rendered at, and how to draw items that arrive live.
/// </summary>
/// <param name="Channel">The live channel, e.g. <c>jobs</c>.</param>
/// <param name="Item">The pushed methods' prefix, e.g. <c>job</c> for <c>job_created</c>.</param>
/// <param name="Filters">The page's active filters as the hub's <c>Subscribe</c> takes them; null for none.</param>
/// <param name="AfterSequence">The highest committed event sequence when the page was rendered: the subscription replays everything after it.</param>
/// <param name="DetailUrl">Link to an item, with <c>{id}</c> in place of its id.</param>
/// <param name="PageUrl">The browse API for this page (filters, page, page size): the live client reconciles the list and the count with it; null on detail pages.</param>
/// <param name="Labels">Display names for coded values, by field: <c>{ "jobType": { "full_time": "Full-time" } }</c>.</param>
/// <param name="OrderField">The item's date the list is sorted by, newest first (e.g. <c>postedAt</c>): where live items enter;
/// null when the list is sorted otherwise (then items only enter through the reconciliation with <paramref name="PageUrl"/>).</param>
/// <param name="LiveFiltersExact">False when the live channel cannot apply all of the page's filters (a budget range):
/// then items only enter through the reconciliation with <paramref name="PageUrl"/>.</param>
/// <param name="ItemId">On a detail page, the item shown.</param>
/// <param name="FacetsUrl">The facets API with the page's filters: the sidebar's counts are refreshed from it when the list changes.</param>
public sealed record LivePageConfig(
    string Channel,
    string Item,
    IReadOnlyDictionary<string, object>? Filters,
    long AfterSequence,
    string DetailUrl,
    string? PageUrl = null,
    int Page = 1,
    int PageSize = 20,
    string Singular = "",
    string Plural = "",
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? Labels = null,
    MapConfig? Map = null,
    string? OrderField = null,
    bool LiveFiltersExact = true,
    Guid? ItemId = null,
    string? FacetsUrl = null)
{
    /// <summary>JSON safe inside a <c>&lt;script&gt;</c> data block: the default encoder escapes &lt;, &gt; and &amp;.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonSerializerOptions.Web);
}

/// <param name="Title">The live item's field that titles a marker's popup.</param>
/// <param name="Subtitle">The field shown under it (company, industry).</param>
/// <param name="Place">The field naming the place.</param>
/// <param name="Points">The markers at render time: every filtered item with coordinates.</param>
public sealed record MapConfig(
    string TileUrl,
    string Attribution,
    int MaxZoom,
    string Title,
    string? Subtitle,
    string? Place,
    IReadOnlyList<MapPoint> Points);

public sealed record MapPoint(Guid Id, double Lat, double Lng, string Title, string? Subtitle, string? Place);
