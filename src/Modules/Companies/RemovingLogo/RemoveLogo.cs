using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;
using Zumodra.BuildingBlocks;

namespace Zumodra.Companies.RemovingLogo;

public static class RemoveLogoEndpoint
{
    public static ProblemDetails Before([FromHeader(Name = "If-Match")] string? ifMatch, Company company) =>
        company.Deleted ? CompanyProblems.Deleted(company.Id) : ExpectedVersion.Check(null, ifMatch, company.Version);

    /// <summary>The pages show the initials again; removing a logo the company does not have appends nothing.</summary>
    [WolverineDelete("/api/companies/{id}/logo"), Authorize(Roles = Roles.Admin), Tags("Companies")]
    public static (Written, Events) Delete([Aggregate("id")] Company company, DateTimeOffset now) =>
        company.Logo is null
            ? (new Written(company.Id, company.Version), [])
            : (new Written(company.Id, company.Version + 1), [new CompanyLogoRemoved(company.Id, now)]);
}
