namespace Zumodra.Web.Browsing;

/// <summary>
/// The shared filter sidebar: a GET form to <see cref="Action"/> with a search box, drop-downs filled from facets,
/// optional checkboxes and an optional on/off toggle. Works without JavaScript; the script makes it a slide-in panel.
/// </summary>
public sealed record FilterSidebarModel(
    string Action,
    string? Search,
    string SearchLabel,
    IReadOnlyList<FilterSelect> Selects,
    FilterChecks? Checks = null,
    FilterToggle? Toggle = null)
{
    /// <summary>How many filters are in force, shown on the Filters button.</summary>
    public int ActiveCount =>
        (Search is null ? 0 : 1)
        + Selects.Count(s => s.Selected is not null)
        + (Checks?.Options.Count(o => o.Checked) ?? 0)
        + (Toggle is { On: true } ? 1 : 0);
}

/// <summary>A drop-down such as location or category. A selected value the facets do not list is still offered.</summary>
public sealed record FilterSelect(string Name, string Label, string AnyLabel, string? Selected, IReadOnlyList<FilterChoice> Choices)
{
    public IReadOnlyList<FilterChoice> Offered =>
        Selected is null || Choices.Any(c => string.Equals(c.Value, Selected, StringComparison.OrdinalIgnoreCase))
            ? Choices
            : [new FilterChoice(Selected, null), .. Choices];

    public bool IsSelected(FilterChoice choice) => string.Equals(choice.Value, Selected, StringComparison.OrdinalIgnoreCase);
}

/// <summary>A facet value and how many items carry it.</summary>
public sealed record FilterChoice(string Value, int? Count);

public sealed record FilterChecks(string Name, string Legend, IReadOnlyList<FilterCheck> Options);

public sealed record FilterCheck(string Value, string Label, bool Checked);

/// <summary>A yes-only switch such as "Remote only": checked sends <c>Name=true</c>, unchecked sends nothing (no filter).</summary>
public sealed record FilterToggle(string Name, string Label, bool On);
