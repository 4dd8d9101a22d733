using Marten;
using Marten.Linq;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;
using Zumodra.BuildingBlocks;

namespace Zumodra.Projects.Browsing;

public static class BrowseProjectsEndpoint
{
    private static readonly string[] Sorts = ["newest", "budget", "deadline"];

    /// <summary>
    /// <c>GET /api/projects</c>: one page of open projects, filtered and sorted; answers <c>{ items, total, page, pageSize }</c>.
    /// <c>budget</c> sorts the largest budget first, <c>deadline</c> the soonest; projects without one come last.
    /// </summary>
    [WolverineGet("/api/projects"), Tags("Projects")]
    public static async Task<IResult> Get(HttpRequest request, IQuerySession session, CancellationToken cancellation)
    {
        var query = new QueryReader(request.Query);
        var filters = ProjectFilters.Read(query);
        var sort = query.OneOf("sort", "newest", Sorts);
        var paging = query.Paging();
        if (!query.Errors.IsEmpty) return Results.Problem(query.Errors.ToProblem());

        var projects = filters.Apply(session.Query<ProjectBrowseItem>().Stats(out QueryStatistics stats));
        projects = sort switch
        {
            "budget" => ByBudget(projects),
            "deadline" => projects.OrderBy(x => x.Deadline).ThenByDescending(x => x.PublishedAt).ThenBy(x => x.Id),
            _ => projects.OrderByDescending(x => x.PublishedAt).ThenBy(x => x.Id),
        };
        var items = await projects.Skip(paging.Skip).Take(paging.PageSize).ToListAsync(cancellation);
        // The total rides on the returned rows; a page past the end has none, so count separately.
        var total = items.Count == 0 && paging.Page > 1
            ? await filters.Apply(session.Query<ProjectBrowseItem>()).CountAsync(cancellation)
            : stats.TotalResults;
        return Results.Ok(new BrowsePage<ProjectBrowseItem>(items, total, paging.Page, paging.PageSize));
    }

    /// <summary>
    /// Largest budget first and projects stating none last (LINQ's descending order would put them first in PostgreSQL),
    /// then newest. The expressions are the indexed ones (BudgetMax's expression, the published_at column).
    /// </summary>
    private static IQueryable<ProjectBrowseItem> ByBudget(IQueryable<ProjectBrowseItem> projects) =>
        projects.OrderBySql("CAST(d.data ->> 'BudgetMax' as numeric) desc nulls last")
            .ThenBySql("d.published_at desc")
            .ThenBySql("d.id");
}
