using Marten;
using Wolverine.Http;
using Zumodra.BuildingBlocks;

namespace Zumodra.Companies.Browsing;

public static class BrowseCompaniesEndpoint
{
    /// <summary><c>GET /api/companies</c>: one page of companies, filtered and sorted; answers <c>{ items, total, page, pageSize }</c>.</summary>
    [WolverineGet("/api/companies"), Tags("Companies")]
    public static async Task<IResult> Get(HttpRequest request, IQuerySession session, CancellationToken cancellation)
    {
        var query = new QueryReader(request.Query);
        var filters = CompanyFilters.Read(query);
        var sort = CompaniesBrowse.Module.Sort(query);
        var paging = query.Paging();
        if (!query.Errors.IsEmpty) return Results.Problem(query.Errors.ToProblem());

        return Results.Ok(await ReadAsync(session, filters, sort, paging, cancellation));
    }

    /// <summary>One page of the filtered companies and their exact total, for the browse API and the companies pages.</summary>
    internal static Task<BrowsePage<CompanyBrowseItem>> ReadAsync(
        IQuerySession session, CompanyFilters filters, string sort, PageRequest paging, CancellationToken cancellation) =>
        filters.Apply(session.Query<CompanyBrowseItem>()).ToBrowsePageAsync(companies => Sorted(companies, sort), paging, cancellation);

    /// <summary>The companies in the order <paramref name="sort"/> names, for the list and its exports.</summary>
    internal static IQueryable<CompanyBrowseItem> Sorted(IQueryable<CompanyBrowseItem> companies, string sort) => sort switch
    {
        "name" => companies.OrderBy(x => x.Name, StringComparer.OrdinalIgnoreCase).ThenBy(x => x.Id),
        "open_jobs" => companies.OrderByDescending(x => x.OpenJobs).ThenBy(x => x.Name, StringComparer.OrdinalIgnoreCase).ThenBy(x => x.Id),
        _ => companies.OrderByDescending(x => x.RegisteredAt).ThenBy(x => x.Id),
    };
}
