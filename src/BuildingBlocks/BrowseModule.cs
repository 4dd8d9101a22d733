namespace Zumodra.BuildingBlocks;

/// <summary>
/// Everything the shared parts of the application know about one browse module, in one place: the live hub, the browse
/// cache, the admin's time travel and rebuilds, the navigation, the pages' sidebar and the seed command all read it, and nothing finds a
/// module by the spelling of its assembly or type names. A module registers it with
/// <see cref="BrowseModuleRegistration.AddBrowseModule"/>; <see cref="BrowseModules"/> checks all of them together.
/// </summary>
public sealed record BrowseModule
{
    /// <summary>The module's name in URLs and on the wire: pages at <c>/{Name}</c>, the API at <c>/api/{Name}</c>, the live channel <c>{Name}</c>.</summary>
    public required string Name { get; init; }

    /// <summary>One item in words and in pushed method names (<c>job</c>: <c>job_created</c>, <c>job_updated</c>, <c>job_deleted</c>).</summary>
    public required string ItemName { get; init; }

    /// <summary>The navigation entry's text.</summary>
    public required string Title { get; init; }

    /// <summary>The navigation entry's place: lower comes first.</summary>
    public required int NavOrder { get; init; }

    /// <summary>The browse read model: the document an inline projection keeps per item, served by the list, map and item endpoints.</summary>
    public required Type ItemType { get; init; }

    /// <summary>The events of the module's streams (registered with the event store from here): a commit of any of them changes this module's browse data.</summary>
    public required IReadOnlyCollection<Type> EventTypes { get; init; }

    /// <summary>The browse API's filters, which validate the API query, the pages' query and live subscriptions alike.</summary>
    public required BrowseFilters Filters { get; init; }

    /// <summary>The pages' filter sidebar: which of <see cref="Filters"/> it offers, and how.</summary>
    public required BrowseSidebar Sidebar { get; init; }

    /// <summary>The item's date (its JSON name) that the default sort orders by, newest first.</summary>
    public required string OrderField { get; init; }

    /// <summary>The browse API's <c>sort</c> values with the pages' labels for them; the first, newest first by <see cref="OrderField"/>, is the default.</summary>
    public required IReadOnlyList<BrowseSort> Sorts { get; init; }

    /// <summary>
    /// The view component that shows the module's open items of one company on the company's page, given the company's
    /// <c>companyId</c>; null when the module's items belong to no company.
    /// </summary>
    public string? CompanySection { get; init; }

    /// <summary>The module's demo data for the <c>seed</c> command, if it has any: an <see cref="IDemoData"/>.</summary>
    public Type? DemoData { get; init; }

    public string PagePath => "/" + Name;

    public string MapPath => PagePath + "/map";

    public string ApiPath => "/api/" + Name;

    /// <summary>An item's page, with <c>{id}</c> in place of its id.</summary>
    public string DetailUrl => PagePath + "/{id}";

    /// <summary>The page of the item <paramref name="id"/>.</summary>
    public string DetailPath(Guid id) => $"{PagePath}/{id}";

    /// <summary>The <c>sort</c> the query asks for (one of <see cref="Sorts"/>; an error otherwise), or the default.</summary>
    public string Sort(QueryReader query) => query.OneOf("sort", Sorts[0].Value, [.. Sorts.Select(s => s.Value)]);

    /// <summary>The hub methods that carry this module's changes.</summary>
    public IEnumerable<string> PushedMethods => new[] { "created", "updated", "deleted" }.Select(change => $"{ItemName}_{change}");
}

/// <summary>
/// A browse module's filters. <see cref="Live"/> are those a live subscription may use (the browse API's parameter names);
/// <see cref="Lists"/> those that, as in the API's query string, may hold comma-separated values. <see cref="Read"/> is the
/// API's own reading of its query, so whatever reads filters (the API, the pages, the live hub) refuses exactly the same input.
/// </summary>
/// <see cref="Reconciled"/> are those the API and the pages take but a live subscription cannot (a page with one in force
/// lets the browse API decide what enters it).
public sealed record BrowseFilters(
    IReadOnlyCollection<string> Live, Action<QueryReader> Read, IReadOnlyCollection<string>? Lists = null, IReadOnlyCollection<string>? Reconciled = null)
{
    /// <summary>Every filter the browse API and the pages take.</summary>
    public IEnumerable<string> All => Reconciled is null ? Live : Live.Concat(Reconciled);
}

/// <summary>One order the lists can be sorted in: the browse API's <c>sort</c> value and the pages' label.</summary>
public sealed record BrowseSort(string Value, string Label);
