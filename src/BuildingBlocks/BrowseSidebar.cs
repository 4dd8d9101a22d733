namespace Zumodra.BuildingBlocks;

/// <summary>
/// What a module's pages offer in the filter sidebar, top to bottom, after the search box labelled
/// <see cref="SearchLabel"/>. The pages render it; each field names one of the module's filters.
/// </summary>
public sealed record BrowseSidebar(string SearchLabel, IReadOnlyList<SidebarField> Fields);

/// <summary>One sidebar control for the filter <see cref="Filter"/> (its query-string name).</summary>
public abstract record SidebarField(string Filter, string Label);

/// <summary>A drop-down of the filter's facet values, each with how many items carry it.</summary>
public sealed record SidebarSelect(string Filter, string Label, string AnyLabel) : SidebarField(Filter, Label);

/// <summary>
/// Checkboxes, any number of which may be ticked: the fixed <see cref="Options"/> (value to label) when given, otherwise
/// the <see cref="MostCommon"/> most common facet values (a value ticked in the URL is always offered too).
/// </summary>
public sealed record SidebarChecks(string Filter, string Label, IReadOnlyDictionary<string, string>? Options = null, int MostCommon = 8)
    : SidebarField(Filter, Label);

/// <summary>A yes-only switch such as "Remote only": on sends <c>Filter=true</c>, off sends nothing (no filter).</summary>
public sealed record SidebarToggle(string Filter, string Label) : SidebarField(Filter, Label);

/// <summary>A module's facets (the sidebar's choices and counts), by filter name.</summary>
public interface IBrowseFacets
{
    /// <summary>The facet values of <paramref name="filter"/>, most common first; empty when the filter has no facet.</summary>
    IReadOnlyList<FacetCount> For(string filter);
}
