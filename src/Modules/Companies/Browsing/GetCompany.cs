using Marten;
using Wolverine.Http;

namespace Zumodra.Companies.Browsing;

public static class GetCompanyEndpoint
{
    /// <summary><c>GET /api/companies/{id}</c>: one company; deleted and unknown companies are 404.</summary>
    [WolverineGet("/api/companies/{id:guid}"), Tags("Companies")]
    public static async Task<IResult> Get(Guid id, IQuerySession session, CancellationToken cancellation) =>
        await session.LoadAsync<CompanyBrowseItem>(id, cancellation) is { } company
            ? Results.Ok(company)
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Company not found", detail: $"No company has id {id}.");
}
