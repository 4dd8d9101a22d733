using Marten;

namespace Zumodra.BuildingBlocks;

/// <summary>One page of browse results: <c>{ items, total, page, pageSize }</c>.</summary>
public sealed record BrowsePage<T>(IReadOnlyList<T> Items, long Total, int Page, int PageSize);

public static class BrowsePage
{
    /// <summary>
    /// Reads one page of the filtered items in the given order, and the exact total of the filtered items. A short page is the
    /// last one, so it tells the total; a full page or one past the end is followed by a count of its own. Marten's
    /// <c>Stats()</c> (<c>count(*) over ()</c>) would make PostgreSQL read every match instead of stopping after one page.
    /// </summary>
    /// <param name="filtered">The filtered items, unordered: the count reads them as they are.</param>
    public static async Task<BrowsePage<T>> ToBrowsePageAsync<T>(
        this IQueryable<T> filtered, Func<IQueryable<T>, IQueryable<T>> order, PageRequest paging, CancellationToken cancellation)
        where T : notnull
    {
        var items = await order(filtered).Skip(paging.Skip).Take(paging.PageSize).ToListAsync(cancellation);
        var total = items.Count < paging.PageSize && (items.Count > 0 || paging.Page == 1)
            ? paging.Skip + items.Count
            : await filtered.LongCountAsync(cancellation);
        return new BrowsePage<T>(items, total, paging.Page, paging.PageSize);
    }
}
