using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;
using Zumodra.BuildingBlocks;

namespace Zumodra.Jobs.Browsing;

public static class BrowseJobsEndpoint
{
    private static readonly string[] Sorts = ["newest", "salary"];

    /// <summary><c>GET /api/jobs</c>: one page of open jobs, filtered and sorted; answers <c>{ items, total, page, pageSize }</c>.</summary>
    [WolverineGet("/api/jobs"), Tags("Jobs")]
    public static async Task<IResult> Get(HttpRequest request, IQuerySession session, CancellationToken cancellation)
    {
        var query = new QueryReader(request.Query);
        var filters = JobFilters.Read(query);
        var sort = query.OneOf("sort", "newest", Sorts);
        var paging = query.Paging();
        if (!query.Errors.IsEmpty) return Results.Problem(query.Errors.ToProblem());

        return Results.Ok(await ReadAsync(session, filters, sort, paging, cancellation));
    }

    /// <summary>One page of the filtered jobs and their exact total, for the browse API and the jobs page.</summary>
    internal static async Task<BrowsePage<JobBrowseItem>> ReadAsync(
        IQuerySession session, JobFilters filters, string sort, PageRequest paging, CancellationToken cancellation)
    {
        var items = await Page(session, filters, sort, paging).ToListAsync(cancellation);
        // A short page is the last one, so it tells the total; otherwise count in a query of its own. count(*) over ()
        // would make the page query read every match, which PostgreSQL 15 plans as a walk of the whole posted_at index.
        var total = items.Count < paging.PageSize && (items.Count > 0 || paging.Page == 1)
            ? paging.Skip + items.Count
            : await filters.Apply(session.Query<JobBrowseItem>()).LongCountAsync(cancellation);
        return new BrowsePage<JobBrowseItem>(items, total, paging.Page, paging.PageSize);
    }

    /// <summary>The query for one page, without its total (the query-plan tests explain it too).</summary>
    internal static IQueryable<JobBrowseItem> Page(IQuerySession session, JobFilters filters, string sort, PageRequest paging)
    {
        var jobs = filters.Apply(session.Query<JobBrowseItem>());
        jobs = sort == "salary"
            // Jobs without a salary go last, not first as a plain descending sort would put them.
            ? jobs.OrderBySql("CAST(d.data ->> 'SalaryMax' as numeric) DESC NULLS LAST, d.posted_at DESC, d.id")
            : jobs.OrderByDescending(x => x.PostedAt).ThenBy(x => x.Id);
        return jobs.Skip(paging.Skip).Take(paging.PageSize);
    }
}
