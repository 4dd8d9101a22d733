using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;
using Zumodra.BuildingBlocks;

namespace Zumodra.Projects.Browsing;

public static class BrowseProjectsEndpoint
{
    /// <summary>
    /// <c>GET /api/projects</c>: one page of open projects, filtered and sorted; answers <c>{ items, total, page, pageSize }</c>.
    /// <c>budget</c> sorts the largest budget first, <c>deadline</c> the soonest; projects without one come last.
    /// </summary>
    [WolverineGet("/api/projects"), Tags("Projects")]
    public static async Task<IResult> Get(HttpRequest request, IQuerySession session, CancellationToken cancellation)
    {
        var query = new QueryReader(request.Query);
        var filters = ProjectFilters.Read(query);
        var sort = ProjectsBrowse.Module.Sort(query);
        var paging = query.Paging();
        if (!query.Errors.IsEmpty) return Results.Problem(query.Errors.ToProblem());

        return Results.Ok(await ReadAsync(session, filters, sort, paging, cancellation));
    }

    /// <summary>One page of the filtered projects and their exact total, for the browse API and the projects pages.</summary>
    internal static Task<BrowsePage<ProjectBrowseItem>> ReadAsync(
        IQuerySession session, ProjectFilters filters, string sort, PageRequest paging, CancellationToken cancellation) =>
        filters.Apply(session.Query<ProjectBrowseItem>()).ToBrowsePageAsync(projects => Sorted(projects, sort), paging, cancellation);

    /// <summary>The projects in the order <paramref name="sort"/> names, for the list and its exports.</summary>
    internal static IQueryable<ProjectBrowseItem> Sorted(IQueryable<ProjectBrowseItem> projects, string sort) => sort switch
    {
        "budget" => ByBudget(projects),
        "deadline" => projects.OrderBy(x => x.Deadline).ThenByDescending(x => x.PublishedAt).ThenBy(x => x.Id),
        _ => projects.OrderByDescending(x => x.PublishedAt).ThenBy(x => x.Id),
    };

    /// <summary>
    /// Largest budget first and projects stating none last (LINQ's descending order would put them first in PostgreSQL),
    /// then newest. The expressions are the indexed ones (BudgetMax's expression, the published_at column).
    /// </summary>
    private static IQueryable<ProjectBrowseItem> ByBudget(IQueryable<ProjectBrowseItem> projects) =>
        projects.OrderBySql("CAST(d.data ->> 'BudgetMax' as numeric) desc nulls last")
            .ThenBySql("d.published_at desc")
            .ThenBySql("d.id");
}
