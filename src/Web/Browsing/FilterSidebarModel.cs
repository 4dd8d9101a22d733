using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Zumodra.BuildingBlocks;

namespace Zumodra.Web.Browsing;

/// <summary>
/// The shared filter sidebar: a GET form to <see cref="Action"/> with the module's <see cref="BrowseSidebar"/> fields,
/// filled from the facets and from what the request asked for, and the search box and sort drawn above the results
/// (which belong to the form). Works without JavaScript; the script makes the sidebar a slide-in panel.
/// </summary>
/// <param name="PageSize">The page size the address asked for, kept by the form.</param>
public sealed record FilterSidebarModel(string Action, string? Search, string SearchLabel, IReadOnlyList<FilterField> Fields, string? PageSize)
{
    /// <summary>The form's id: the search box and the sort, drawn above the results, belong to it.</summary>
    public const string FormId = "filters-form";

    /// <summary>Every filter value in force: the search first, then each field's.</summary>
    public IEnumerable<ActiveFilter> Active =>
        (Search is null ? [] : new[] { new ActiveFilter("search", Search, $"Search: {Search}") }).Concat(Fields.SelectMany(f => f.Active));

    /// <summary>How many filters are in force, shown on the Filters button.</summary>
    public int ActiveCount => Active.Count();

    /// <summary>
    /// The sidebar that <paramref name="sidebar"/> describes, showing what <paramref name="query"/> asked for (read as the
    /// browse API reads it) among the choices of <paramref name="facets"/>; <paramref name="names"/> name the values of
    /// <see cref="SidebarScope"/> filters.
    /// </summary>
    public static FilterSidebarModel For(
        BrowseSidebar sidebar, string action, IQueryCollection query, IBrowseFacets facets, IReadOnlyDictionary<string, string> names)
    {
        // Values the API refuses are reported on the page already; the sidebar only shows what was asked.
        var asked = new QueryReader(query);
        return new FilterSidebarModel(action, asked.Text("search"), sidebar.SearchLabel,
            sidebar.Fields.Select(field => Field(field, asked, facets, names)).ToList(), asked.Text("pageSize"));
    }

    /// <summary>
    /// The address of this page without <paramref name="filter"/> (back to its first page; the sort and page size kept):
    /// without its parameter, or, for one of a list's values (repeated or comma-separated), without that value.
    /// </summary>
    public string Without(IQueryCollection query, ActiveFilter filter)
    {
        var kept = new QueryBuilder();
        foreach (var (name, values) in query)
        {
            if (string.Equals(name, "page", StringComparison.OrdinalIgnoreCase)) continue;
            var isFilter = string.Equals(name, filter.Name, StringComparison.OrdinalIgnoreCase);
            if (isFilter && !filter.IsListValue) continue;
            foreach (var value in values)
            {
                var parts = isFilter ? value!.Split(',') : [value!];
                foreach (var part in parts.Where(p => !string.IsNullOrWhiteSpace(p)))
                    if (!isFilter || !string.Equals(part.Trim(), filter.Value, StringComparison.OrdinalIgnoreCase)) kept.Add(name, part);
            }
        }
        return Action + kept.ToQueryString();
    }

    private static FilterField Field(SidebarField field, QueryReader asked, IBrowseFacets facets, IReadOnlyDictionary<string, string> names)
    {
        var facet = facets.For(field.Filter);
        var property = facet is null ? null : JsonNamingPolicy.CamelCase.ConvertName(facet.Property);
        return field switch
        {
            SidebarSelect select => new FilterSelect(select.Filter, select.Label, select.AnyLabel, asked.Text(select.Filter),
                [.. (facet?.Values ?? []).Select(f => new FilterChoice(f.Value, f.Value, f.Count))], property),
            SidebarYesNo yesNo => new FilterSelect(yesNo.Filter, yesNo.Label, yesNo.AnyLabel,
                asked.Bool(yesNo.Filter) is { } answer ? (answer ? "true" : "false") : null,
                [new FilterChoice("true", yesNo.Yes, CountOf(facet, "true")), new FilterChoice("false", yesNo.No, CountOf(facet, "false"))], property),
            SidebarChecks checks => Checks(checks, asked.Texts(checks.Filter), facet, property),
            SidebarRange range => new FilterRange(range.Filter, range.MaxFilter, range.Label, asked.Text(range.Filter), asked.Text(range.MaxFilter)),
            SidebarScope scope => new FilterScope(scope.Filter, scope.Label, asked.Text(scope.Filter), names.GetValueOrDefault(scope.Filter)),
            _ => throw new NotSupportedException($"The sidebar cannot show a {field.GetType().Name}."),
        };
    }

    /// <summary>How many items carry <paramref name="value"/>: 0 when the facet does not list it, null without a facet.</summary>
    private static int? CountOf(BrowseFacet? facet, string value) =>
        facet is null ? null : facet.Values.FirstOrDefault(f => string.Equals(f.Value, value, StringComparison.OrdinalIgnoreCase))?.Count ?? 0;

    /// <summary>The fixed options, or the most common values and those ticked first, then every other value behind "more".</summary>
    private static FilterChecks Checks(SidebarChecks checks, string[] ticked, BrowseFacet? facet, string? property)
    {
        FilterCheck Check(string value, string label) =>
            new(value, label, ticked.Contains(value, StringComparer.OrdinalIgnoreCase), CountOf(facet, value));

        if (checks.Options is { } options)
            return new FilterChecks(checks.Filter, checks.Label, [.. options.Select(o => Check(o.Key, o.Value))], [], property);

        var values = facet?.Values.Select(f => f.Value).ToList() ?? [];
        var shown = values.Take(checks.MostCommon).Concat(ticked).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return new FilterChecks(checks.Filter, checks.Label, [.. shown.Select(v => Check(v, v))],
            [.. values.Except(shown, StringComparer.OrdinalIgnoreCase).Select(v => Check(v, v))], property);
    }
}

/// <summary>A filter value in force: the parameter, its value and how a chip names it.</summary>
/// <param name="IsListValue">One of several values the parameter may hold, comma-separated.</param>
public sealed record ActiveFilter(string Name, string Value, string Text, bool IsListValue = false);

/// <summary>One sidebar control, named for the query-string parameter it sends.</summary>
public abstract record FilterField(string Name)
{
    /// <summary>The values in force that this control shows.</summary>
    public abstract IEnumerable<ActiveFilter> Active { get; }
}

/// <summary>A drop-down such as location or category. A selected value the choices do not list is still offered.</summary>
/// <param name="Facet">The facets response's property with the choices' counts, which the page's script refreshes live.</param>
public sealed record FilterSelect(string Name, string Label, string AnyLabel, string? Selected, IReadOnlyList<FilterChoice> Choices, string? Facet)
    : FilterField(Name)
{
    public IReadOnlyList<FilterChoice> Offered =>
        Selected is null || Choices.Any(IsSelected) ? Choices : [new FilterChoice(Selected, Selected, null), .. Choices];

    public bool IsSelected(FilterChoice choice) => string.Equals(choice.Value, Selected, StringComparison.OrdinalIgnoreCase);

    public override IEnumerable<ActiveFilter> Active =>
        Selected is null ? [] : [new ActiveFilter(Name, Selected, $"{Label}: {Offered.First(IsSelected).Label}")];
}

/// <summary>A choice of a drop-down, and how many items carry it when it is a facet value.</summary>
public sealed record FilterChoice(string Value, string Label, int? Count);

/// <summary>Checkboxes: <see cref="Options"/> in sight, <see cref="More"/> (the less common values) behind a disclosure.</summary>
/// <param name="Facet">The facets response's property with the options' counts, which the page's script refreshes live.</param>
public sealed record FilterChecks(string Name, string Legend, IReadOnlyList<FilterCheck> Options, IReadOnlyList<FilterCheck> More, string? Facet)
    : FilterField(Name)
{
    public override IEnumerable<ActiveFilter> Active =>
        Options.Concat(More).Where(o => o.Checked).Select(o => new ActiveFilter(Name, o.Value, $"{Legend}: {o.Label}", IsListValue: true));
}

/// <summary>A checkbox, and how many items carry its value when the filter has a facet.</summary>
public sealed record FilterCheck(string Value, string Label, bool Checked, int? Count);

/// <summary>A filter kept as a hidden field while in force; its chip shows <see cref="ValueName"/>, or the value when it has no name.</summary>
public sealed record FilterScope(string Name, string Label, string? Value, string? ValueName) : FilterField(Name)
{
    public override IEnumerable<ActiveFilter> Active => Value is null ? [] : [new ActiveFilter(Name, Value, $"{Label}: {ValueName ?? Value}")];
}

/// <summary>"From" and "to" number boxes, such as a budget; either may be empty.</summary>
public sealed record FilterRange(string Name, string MaxName, string Label, string? Min, string? Max) : FilterField(Name)
{
    public override IEnumerable<ActiveFilter> Active =>
        (Min is null ? [] : new[] { new ActiveFilter(Name, Min, $"{Label} from {Min}") })
        .Concat(Max is null ? [] : [new ActiveFilter(MaxName, Max, $"{Label} up to {Max}")]);
}
