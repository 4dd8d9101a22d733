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
            ? jobs.OrderByDescending(x => x.SalaryMax).ThenByDescending(x => x.PostedAt).ThenBy(x => x.Id)
            : jobs.OrderByDescending(x => x.PostedAt).ThenBy(x => x.Id);
        var items = await jobs.Skip(paging.Skip).Take(paging.PageSize).ToListAsync(cancellation);
        return Results.Ok(new BrowsePage<JobBrowseItem>(items, stats.TotalResults, paging.Page, paging.PageSize));
    }
}
