namespace Zumodra.BuildingBlocks;

/// <summary>
/// What a module's pages offer in the filter sidebar, top to bottom, after the search box labelled
/// <see cref="SearchLabel"/>. The pages render it; each field names one of the module's filters.
/// </summary>
public sealed record BrowseSidebar(string SearchLabel, IReadOnlyList<SidebarField> Fields);

/// <summary>One sidebar control for the filter <see cref="Filter"/> (its query-string name).</summary>
public abstract record SidebarField(string Filter, string Label)
{
    /// <summary>Every query-string parameter the control sends.</summary>
    public virtual IEnumerable<string> Filters => [Filter];
}

/// <summary>A drop-down of the filter's facet values, each with how many items carry it.</summary>
public sealed record SidebarSelect(string Filter, string Label, string AnyLabel) : SidebarField(Filter, Label);

/// <summary>A drop-down for a yes/no filter such as remote: <see cref="AnyLabel"/> (no filter), <see cref="Yes"/> (<c>true</c>) or <see cref="No"/> (<c>false</c>).</summary>
public sealed record SidebarYesNo(string Filter, string Label, string AnyLabel, string Yes, string No) : SidebarField(Filter, Label);

/// <summary>
/// Checkboxes, any number of which may be ticked: the fixed <see cref="Options"/> (value to label) when given, otherwise
/// the facet's values: the <see cref="MostCommon"/> most common and those ticked in the URL in sight, the others behind "more".
/// </summary>
public sealed record SidebarChecks(string Filter, string Label, IReadOnlyDictionary<string, string>? Options = null, int MostCommon = 8)
    : SidebarField(Filter, Label);

/// <summary>Two number boxes, "from" (<see cref="SidebarField.Filter"/>) and "to" (<see cref="MaxFilter"/>), such as a budget.</summary>
public sealed record SidebarRange(string Filter, string MaxFilter, string Label) : SidebarField(Filter, Label)
{
    public override IEnumerable<string> Filters => [Filter, MaxFilter];
}

/// <summary>
/// A filter the sidebar offers no choice for but keeps while it is in force, such as the company whose page links to its
/// listings: the form holds it as a hidden field, and a chip names it (the listing knows the value's name).
/// </summary>
public sealed record SidebarScope(string Filter, string Label) : SidebarField(Filter, Label);

/// <summary>A module's facets (the sidebar's choices and counts), by filter name.</summary>
public interface IBrowseFacets
{
    /// <summary>The facet of <paramref name="filter"/>; null when the filter has none.</summary>
    BrowseFacet? For(string filter);
}

/// <summary>One facet's values, most common first, and the facets response's property that holds them (the page's script refreshes them from it).</summary>
public sealed record BrowseFacet(string Property, IReadOnlyList<FacetCount> Values);
