using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;
using Zumodra.BuildingBlocks;

namespace Zumodra.Companies.EditingCompany;

public static class EditCompanyEndpoint
{
    public static ProblemDetails Validate(CompanyForm? form) => ValidationErrors.ForBody(form, f => f.Validate());

    public static ProblemDetails Before(CompanyForm? form, [FromHeader(Name = "If-Match")] string? ifMatch, Company company) =>
        company.Deleted ? CompanyProblems.Deleted(company.Id) : ExpectedVersion.Check(form?.Version, ifMatch, company.Version);

    /// <summary>Saving the profile unchanged appends nothing.</summary>
    [WolverinePut("/api/companies/{id}"), Authorize(Roles = Roles.Admin), Tags("Companies")]
    public static (Written, Events) Put(CompanyForm form, [Aggregate("id")] Company company, DateTimeOffset now)
    {
        var profile = form.ToProfile();
        if (profile == company.Profile) return (new Written(company.Id, company.Version), []);
        return (new Written(company.Id, company.Version + 1), [new CompanyProfileEdited(company.Id, profile, company.Profile.Name, now)]);
    }
}
