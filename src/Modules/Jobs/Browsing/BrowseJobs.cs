using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;
using Zumodra.BuildingBlocks;

namespace Zumodra.Jobs.Browsing;

public static class BrowseJobsEndpoint
{
    /// <summary><c>GET /api/jobs</c>: one page of open jobs, filtered and sorted; answers <c>{ items, total, page, pageSize }</c>.</summary>
    [WolverineGet("/api/jobs"), Tags("Jobs")]
    public static async Task<IResult> Get(HttpRequest request, IQuerySession session, CancellationToken cancellation)
    {
        var query = new QueryReader(request.Query);
        var filters = JobFilters.Read(query);
        var sort = JobsBrowse.Module.Sort(query);
        var paging = query.Paging();
        if (!query.Errors.IsEmpty) return Results.Problem(query.Errors.ToProblem());

        return Results.Ok(await ReadAsync(session, filters, sort, paging, cancellation));
    }

    /// <summary>One page of the filtered jobs and their exact total, for the browse API and the jobs page.</summary>
    internal static Task<BrowsePage<JobBrowseItem>> ReadAsync(
        IQuerySession session, JobFilters filters, string sort, PageRequest paging, CancellationToken cancellation) =>
        filters.Apply(session.Query<JobBrowseItem>()).ToBrowsePageAsync(jobs => Sorted(jobs, sort), paging, cancellation);

    /// <summary>The jobs in the order <paramref name="sort"/> names, for the list and its exports.</summary>
    internal static IQueryable<JobBrowseItem> Sorted(IQueryable<JobBrowseItem> jobs, string sort) => sort == "salary"
        // Jobs without a salary go last, not first as a plain descending sort would put them.
        ? jobs.OrderBySql("CAST(d.data ->> 'SalaryMax' as numeric) DESC NULLS LAST, d.posted_at DESC, d.id")
        : jobs.OrderByDescending(x => x.PostedAt).ThenBy(x => x.Id);
}
