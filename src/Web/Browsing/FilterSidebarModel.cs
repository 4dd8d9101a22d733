using Microsoft.AspNetCore.Http;
using Zumodra.BuildingBlocks;

namespace Zumodra.Web.Browsing;

/// <summary>
/// The shared filter sidebar: a GET form to <see cref="Action"/> with a search box and the module's
/// <see cref="BrowseSidebar"/> fields, filled from the facets and from what the request asked for. Works without
/// JavaScript; the script makes it a slide-in panel.
/// </summary>
public sealed record FilterSidebarModel(string Action, string? Search, string SearchLabel, IReadOnlyList<FilterField> Fields)
{
    /// <summary>How many filters are in force, shown on the Filters button.</summary>
    public int ActiveCount => (Search is null ? 0 : 1) + Fields.Sum(f => f.ActiveCount);

    /// <summary>
    /// The sidebar that <paramref name="sidebar"/> describes, showing what <paramref name="query"/> asked for (read as the
    /// browse API reads it) among the choices of <paramref name="facets"/>.
    /// </summary>
    public static FilterSidebarModel For(BrowseSidebar sidebar, string action, IQueryCollection query, IBrowseFacets facets)
    {
        // Values the API refuses are reported on the page already; the sidebar only shows what was asked.
        var asked = new QueryReader(query);
        return new FilterSidebarModel(action, asked.Text("search"), sidebar.SearchLabel,
            sidebar.Fields.Select(field => Field(field, asked, facets)).ToList());
    }

    private static FilterField Field(SidebarField field, QueryReader asked, IBrowseFacets facets) => field switch
    {
        SidebarSelect select => new FilterSelect(select.Filter, select.Label, select.AnyLabel, asked.Text(select.Filter),
            facets.For(select.Filter).Select(f => new FilterChoice(f.Value, f.Count)).ToList()),
        SidebarChecks checks => Checks(checks, asked.Texts(checks.Filter), facets),
        SidebarToggle toggle => new FilterToggle(toggle.Filter, toggle.Label, asked.Bool(toggle.Filter) == true),
        _ => throw new NotSupportedException($"The sidebar cannot show a {field.GetType().Name}."),
    };

    private static FilterChecks Checks(SidebarChecks checks, string[] ticked, IBrowseFacets facets)
    {
        var options = checks.Options ?? facets.For(checks.Filter).Take(checks.MostCommon)
            .Select(f => f.Value).Concat(ticked).Distinct(StringComparer.OrdinalIgnoreCase).ToDictionary(v => v, v => v);
        return new FilterChecks(checks.Filter, checks.Label,
            options.Select(o => new FilterCheck(o.Key, o.Value, ticked.Contains(o.Key, StringComparer.OrdinalIgnoreCase))).ToList());
    }
}

/// <summary>One sidebar control, named for the query-string parameter it sends.</summary>
public abstract record FilterField(string Name)
{
    public abstract int ActiveCount { get; }
}

/// <summary>A drop-down such as location or category. A selected value the facets do not list is still offered.</summary>
public sealed record FilterSelect(string Name, string Label, string AnyLabel, string? Selected, IReadOnlyList<FilterChoice> Choices) : FilterField(Name)
{
    public override int ActiveCount => Selected is null ? 0 : 1;

    public IReadOnlyList<FilterChoice> Offered =>
        Selected is null || Choices.Any(c => string.Equals(c.Value, Selected, StringComparison.OrdinalIgnoreCase))
            ? Choices
            : [new FilterChoice(Selected, null), .. Choices];

    public bool IsSelected(FilterChoice choice) => string.Equals(choice.Value, Selected, StringComparison.OrdinalIgnoreCase);
}

/// <summary>A facet value and how many items carry it.</summary>
public sealed record FilterChoice(string Value, int? Count);

public sealed record FilterChecks(string Name, string Legend, IReadOnlyList<FilterCheck> Options) : FilterField(Name)
{
    public override int ActiveCount => Options.Count(o => o.Checked);
}

public sealed record FilterCheck(string Value, string Label, bool Checked);

/// <summary>A yes-only switch such as "Remote only": checked sends <c>Name=true</c>, unchecked sends nothing (no filter).</summary>
public sealed record FilterToggle(string Name, string Label, bool On) : FilterField(Name)
{
    public override int ActiveCount => On ? 1 : 0;
}
