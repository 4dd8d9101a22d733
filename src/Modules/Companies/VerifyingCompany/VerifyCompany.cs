using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;
using Zumodra.BuildingBlocks;

namespace Zumodra.Companies.VerifyingCompany;

public static class VerifyCompanyEndpoint
{
    public static ProblemDetails Before([FromHeader(Name = "If-Match")] string? ifMatch, Company company) =>
        company.Deleted ? CompanyProblems.Deleted(company.Id) : ExpectedVersion.Check(null, ifMatch, company.Version);

    /// <summary>An admin vouches for the company; verifying a verified company changes nothing and appends nothing.</summary>
    [WolverinePost("/api/companies/{id}/verify"), Authorize(Roles = Roles.Admin), Tags("Companies")]
    public static (Written, Events) Verify([Aggregate("id")] Company company, DateTimeOffset now) =>
        company.Verified
            ? (new Written(company.Id, company.Version), [])
            : (new Written(company.Id, company.Version + 1), [new CompanyVerified(company.Id, now)]);
}
