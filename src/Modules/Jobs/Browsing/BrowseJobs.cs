using Marten;
using Marten.Linq;
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

        var jobs = filters.Apply(session.Query<JobBrowseItem>().Stats(out QueryStatistics stats));
        jobs = sort == "salary"
            // Jobs without a salary go last, not first as a plain descending sort would put them.
            ? jobs.OrderBySql("CAST(d.data ->> 'SalaryMax' as numeric) DESC NULLS LAST, d.posted_at DESC, d.id")
            : jobs.OrderByDescending(x => x.PostedAt).ThenBy(x => x.Id);
        var items = await jobs.Skip(paging.Skip).Take(paging.PageSize).ToListAsync(cancellation);
        // The total rides on the returned rows; a page past the end has none, so count separately.
        var total = items.Count == 0 && paging.Page > 1
            ? await filters.Apply(session.Query<JobBrowseItem>()).CountAsync(cancellation)
            : stats.TotalResults;
        return Results.Ok(new BrowsePage<JobBrowseItem>(items, total, paging.Page, paging.PageSize));
    }
}
