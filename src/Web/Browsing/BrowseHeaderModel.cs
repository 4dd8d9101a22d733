using Zumodra.BuildingBlocks;

namespace Zumodra.Web.Browsing;

/// <summary>
/// The bar above the results: heading, live result count, the search box and sort (in the filter form), the Filters
/// button, the list/map switch, the live connection status, the Export menu and a removable chip per filter in force.
/// <see cref="Query"/> (the filters and sort) is kept when switching between list and map, and in the exports.
/// </summary>
public sealed record BrowseHeaderModel(
    string Heading,
    long Total,
    string Singular,
    string Plural,
    string ListPath,
    string MapPath,
    string ApiPath,
    bool IsMap,
    string Query,
    FilterSidebarModel Filters,
    IReadOnlyList<BrowseSort> Sorts,
    string Sort,
    IReadOnlyList<FilterChip> Chips,
    string ClearAll)
{
    public string Noun => Total == 1 ? Singular : Plural;

    /// <summary>An export of this list (<c>csv</c> or <c>pdf</c>) with its filters and sort.</summary>
    public string Export(string format) => $"{ApiPath}/export.{format}{Query}";

    /// <summary>The default sort is sent as nothing, so that it stays out of the address.</summary>
    public static string SortValue(BrowseSort sort, int index) => index == 0 ? "" : sort.Value;
}

/// <summary>A filter in force, and the address of the page without it.</summary>
public sealed record FilterChip(string Text, string Href);
