namespace Zumodra.Web.Browsing;

/// <summary>
/// The bar above the results: heading, live result count, the Filters button, the list/map switch and the
/// live connection status. <see cref="Query"/> (the filters) is kept when switching between list and map.
/// </summary>
public sealed record BrowseHeaderModel(
    string Heading,
    long Total,
    string Singular,
    string Plural,
    string ListPath,
    string MapPath,
    bool IsMap,
    string Query,
    int ActiveFilters)
{
    public string Noun => Total == 1 ? Singular : Plural;
}
