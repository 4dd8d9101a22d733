using System.Globalization;
using System.Net;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Zumodra.BuildingBlocks;
using Zumodra.Web.Exports;
using Zumodra.Web.Seo;

namespace Zumodra.Web.Browsing;

/// <summary>
/// What a module's list and map pages show for a request: one page of items with the browse API's filters and meaning,
/// the facets for the sidebar (which <see cref="BrowseModule.Sidebar"/> describes) and the event sequence the data is
/// current to. A module adds what is its own: how its filters read as a query string and as the Live hub's filters,
/// and how it reads its items.
/// </summary>
/// <param name="path">The page the listing is shown on, which its page links lead to.</param>
/// <param name="query">The query string asking for it: the filters, the sort and the page.</param>
public abstract class BrowseListing<TItem, TFilters, TFacets>(
    BrowseModule module, string path, IQueryCollection query, TFilters filters, string sort, PageRequest paging, IReadOnlyList<string> errors)
    where TItem : notnull
    where TFacets : IBrowseFacets
{
    public BrowseModule Module { get; } = module;
    public IQueryCollection Query { get; } = query;
    public TFilters Filters { get; } = filters;

    /// <summary>One of the module's <see cref="BrowseModule.Sorts"/>.</summary>
    public string Sort { get; } = sort;
    public PageRequest Paging { get; } = paging;
    public IReadOnlyList<string> Errors { get; } = errors;
    public IReadOnlyList<TItem> Items { get; private set; } = [];
    public long Total { get; private set; }
    public long Sequence { get; private set; }
    public TFacets Facets { get; private set; } = default!;

    /// <summary>Names of the values of the <see cref="SidebarScope"/> filters in force (a company's name for its id), by filter.</summary>
    public IReadOnlyDictionary<string, string> Names { get; private set; } = new Dictionary<string, string>();

    public int StatusCode => Errors.Count > 0 ? (int)HttpStatusCode.BadRequest : (int)HttpStatusCode.OK;

    /// <summary>
    /// Reads the sequence first (whatever commits after it is replayed to the page by the live subscription), then the
    /// facets for the filters in force (for <paramref name="unfiltered"/> when the request was in error: what it asked
    /// for may not be queried), then, unless the request was in error, the page.
    /// </summary>
    protected async Task LoadAsync(IQuerySession session, Func<IQuerySession, TFilters, CancellationToken, Task<TFacets>> facets, TFilters unfiltered,
        Func<IQuerySession, CancellationToken, Task<BrowsePage<TItem>>> page, CancellationToken cancellation)
    {
        Sequence = await session.HighestCommittedAsync(cancellation);
        Facets = await facets(session, Errors.Count > 0 ? unfiltered : Filters, cancellation);
        if (Errors.Count > 0) return;

        var read = await page(session, cancellation);
        Items = read.Items;
        Total = read.Total;
        Names = await NamesAsync(session, cancellation);
    }

    /// <summary>Names the values of the <see cref="SidebarScope"/> filters in force; read after the items, which may name them.</summary>
    protected virtual Task<IReadOnlyDictionary<string, string>> NamesAsync(IQuerySession session, CancellationToken cancellation) =>
        Task.FromResult(Names);

    public BrowseHeaderModel Header(bool isMap, string heading)
    {
        var sidebar = Sidebar(isMap);
        return new(heading, Total, Module.ItemName, Module.Name, Module.PagePath, Module.MapPath, Module.ApiPath, isMap, FilterQuery().ToString(), sidebar,
            Module.Sorts, Sort, [.. sidebar.Active.Select(filter => new FilterChip(filter.Text, sidebar.Without(Query, filter)))],
            ClearAll: sidebar.Action + (IsDefaultSort ? "" : QueryString.Create("sort", Sort).ToString()));
    }

    /// <summary>Tells the layout the page's meta description and canonical address (<see cref="PageMeta"/>).</summary>
    public void DescribePage(ViewDataDictionary page, bool isMap)
    {
        page["Description"] = Description(isMap);
        page["Canonical"] = Canonical(isMap);
        page["Feed"] = FeedPath;
    }

    /// <summary>How many items, with which filters.</summary>
    private string Description(bool isMap) => PageMeta.Describe(
        $"{Total.ToString("N0", CultureInfo.InvariantCulture)} {Module.Title.ToLowerInvariant()}{FiltersInWords(isMap)}{(isMap ? " on the map" : "")}",
        "Search, filter and follow them live on Zumodra");

    /// <summary>The page's canonical address: its filters and sort, and its page number past the first (not its page size).</summary>
    private string Canonical(bool isMap)
    {
        var query = FilterQuery();
        if (!isMap && Paging.Page > 1) query.Add("page", Paging.Page.ToString(CultureInfo.InvariantCulture));
        return (isMap ? Module.MapPath : Module.PagePath) + query.ToQueryString();
    }

    public FilterSidebarModel Sidebar(bool isMap) =>
        FilterSidebarModel.For(Module.Sidebar, isMap ? Module.MapPath : Module.PagePath, Query, Facets, Names);

    private bool IsDefaultSort => Sort == Module.Sorts[0].Value;

    public PaginationModel Pagination(string label = "Pagination") => new(path, Query, Paging.Page, Paging.PageSize, Total, label);

    /// <summary>
    /// This listing (of one company's items) as a section of the company's page, under <paramref name="heading"/>: its
    /// cards are drawn with the partial <paramref name="card"/>, live ones from <paramref name="blank"/>.
    /// </summary>
    public CompanySectionModel CompanySection(string heading, string card, TItem blank, string emptyText) => new(
        heading, Module.Name, [.. Items.Cast<object>()], Total, card, blank!, emptyText,
        Module.PagePath + FilterQuery().ToQueryString(), Pagination($"{heading}: pages"),
        // No sidebar on the company's page: nothing to refresh facets for.
        Live() with { FacetsUrl = null });

    /// <summary>
    /// The last page's address (its filters kept) when the request asked for a page past it, as an old link or a page
    /// emptied by deletions does; null when the requested page exists or nothing matches at all.
    /// </summary>
    public string? LastPageInstead()
    {
        if (Errors.Count > 0 || Items.Count > 0 || Total == 0 || Paging.Page == 1) return null;
        var pages = Pagination();
        return pages.Url(pages.TotalPages);
    }

    public LivePageConfig Live(MapConfig? map = null) => new(
        Module.Name,
        Module.ItemName,
        LiveFilters(),
        Sequence,
        Module.DetailUrl,
        PageUrl(),
        Paging.Page,
        Paging.PageSize,
        Module.ItemName,
        Module.Name,
        Labels,
        map,
        IsDefaultSort ? Module.OrderField : null,
        LiveFiltersExact,
        FacetsUrl: $"{Module.ApiPath}/facets{FilterQuery().ToQueryString()}");

    /// <summary>Display names for coded values the live client draws, by field.</summary>
    protected virtual IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? Labels => null;

    /// <summary>False when the Live hub cannot apply all of the page's filters (see <see cref="LivePageConfig"/>).</summary>
    protected virtual bool LiveFiltersExact => true;

    /// <summary>Adds the filters in force, as the browse API's query string takes them.</summary>
    protected abstract void AddFilters(QueryBuilder query);

    /// <summary>Adds the filters in force, as the Live hub's <c>Subscribe</c> takes them.</summary>
    protected abstract void AddLiveFilters(IDictionary<string, object> filters);

    private string PageUrl()
    {
        var query = FilterQuery();
        query.Add("page", Paging.Page.ToString(CultureInfo.InvariantCulture));
        query.Add("pageSize", Paging.PageSize.ToString(CultureInfo.InvariantCulture));
        return Module.ApiPath + query.ToQueryString();
    }

    private Dictionary<string, object>? LiveFilters()
    {
        var filters = new Dictionary<string, object>();
        AddLiveFilters(filters);
        return filters.Count == 0 ? null : filters;
    }

    /// <summary>The filters in force and the sort as a query string (no page), for the list/map switch and the browse API.</summary>
    private QueryBuilder FilterQuery()
    {
        var query = Filtered();
        if (!IsDefaultSort) query.Add("sort", Sort);
        return query;
    }

    private QueryBuilder Filtered()
    {
        var query = new QueryBuilder();
        AddFilters(query);
        return query;
    }

    /// <summary>The Atom feed of this list's filters (<see cref="BrowseFeed"/>): newest first, whatever the list's sort.</summary>
    private string FeedPath => Module.PagePath + "/feed.atom" + Filtered().ToQueryString();

    /// <summary>
    /// This listing (loaded from <see cref="BrowseFeed.Query"/>) as its Atom feed, each item an entry as
    /// <paramref name="entry"/> words it; the browse API's 400 when the filters are wrong.
    /// </summary>
    public IResult Feed(Func<TItem, FeedEntry> entry)
    {
        if (Errors.Count > 0) return Problem();
        return BrowseFeed.Result(Module, $"{Module.Title}{FiltersInWords(isMap: false)} · Zumodra", Module.PagePath + Filtered().ToQueryString(), FeedPath,
            [.. Items.Select(entry)]);
    }

    /// <summary>
    /// Every item of this listing (loaded from the request's query) in <paramref name="ordered"/>, the list's sort, as a
    /// CSV or PDF file of <paramref name="columns"/> (<see cref="BrowseExport"/>); the browse API's 400 when the query is wrong.
    /// </summary>
    public IResult Export(ExportFormat format, IQueryable<TItem> ordered, IReadOnlyList<ExportColumn<TItem>> columns) => Errors.Count > 0
        ? Problem()
        : BrowseExport.Result(format, new ExportHeading(Module.Name, Module.Title, Words(isMap: false), Total, DateTimeOffset.UtcNow), columns, ordered);

    /// <summary>The browse API's own 400 for this listing's query: its reader names every wrong field as the API does.</summary>
    private IResult Problem()
    {
        var reader = new QueryReader(Query);
        Module.Filters.Read(reader);
        Module.Sort(reader);
        reader.Paging();
        return Results.Problem(reader.Errors.ToProblem());
    }

    /// <summary>The filters in force in words, in brackets after a space (" (Search: rust, Remote)"); empty when none.</summary>
    private string FiltersInWords(bool isMap)
    {
        var filters = string.Join(", ", Words(isMap));
        return filters.Length == 0 ? "" : $" ({filters})";
    }

    private string[] Words(bool isMap) => [.. Sidebar(isMap).Active.Select(filter => filter.Text)];
}
