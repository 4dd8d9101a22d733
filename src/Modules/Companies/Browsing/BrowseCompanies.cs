using Marten;
using Wolverine.Http;
using Zumodra.BuildingBlocks;

namespace Zumodra.Companies.Browsing;

public static class BrowseCompaniesEndpoint
{
    private static readonly string[] Sorts = ["newest", "name", "open_jobs"];

    /// <summary><c>GET /api/companies</c>: one page of companies, filtered and sorted; answers <c>{ items, total, page, pageSize }</c>.</summary>
    [WolverineGet("/api/companies"), Tags("Companies")]
    public static async Task<IResult> Get(HttpRequest request, IQuerySession session, CancellationToken cancellation)
    {
        var query = new QueryReader(request.Query);
        var filters = CompanyFilters.Read(query);
        var sort = query.OneOf("sort", "newest", Sorts);
        var paging = query.Paging();
        if (!query.Errors.IsEmpty) return Results.Problem(query.Errors.ToProblem());

        var page = await filters.Apply(session.Query<CompanyBrowseItem>()).ToBrowsePageAsync(companies => sort switch
        {
            "name" => companies.OrderBy(x => x.Name, StringComparer.OrdinalIgnoreCase).ThenBy(x => x.Id),
            "open_jobs" => companies.OrderByDescending(x => x.OpenJobs).ThenBy(x => x.Name, StringComparer.OrdinalIgnoreCase).ThenBy(x => x.Id),
            _ => companies.OrderByDescending(x => x.RegisteredAt).ThenBy(x => x.Id),
        }, paging, cancellation);
        return Results.Ok(page);
    }
}
