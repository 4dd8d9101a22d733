using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;
using Zumodra.BuildingBlocks;

namespace Zumodra.Companies.DeletingCompany;

public static class DeleteCompanyEndpoint
{
    public static ProblemDetails Before([FromHeader(Name = "If-Match")] string? ifMatch, Company company) =>
        company.Deleted ? CompanyProblems.Deleted(company.Id) : ExpectedVersion.Check(null, ifMatch, company.Version);

    /// <summary>The company disappears from browsing; its jobs keep the name they show.</summary>
    [WolverineDelete("/api/companies/{id}"), Authorize(Roles = Roles.Admin), Tags("Companies")]
    public static (Written, Events) Delete([Aggregate("id")] Company company, DateTimeOffset now) =>
        (new Written(company.Id, company.Version + 1), [new CompanyDeleted(company.Id, now)]);
}
