using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;
using Zumodra.BuildingBlocks;

namespace Zumodra.Companies.RegisteringCompany;

public sealed record CompanyRegisteredResponse(Guid Id, long Version) : CreationResponse($"/api/companies/{Id}");

public static class RegisterCompanyEndpoint
{
    public static ProblemDetails Validate(CompanyForm? form) => ValidationErrors.ForBody(form, f => f.Validate());

    [WolverinePost("/api/companies"), Authorize(Roles = Roles.Admin), Tags("Companies")]
    public static (CompanyRegisteredResponse, IStartStream) Post(CompanyForm form, DateTimeOffset now)
    {
        var id = Guid.CreateVersion7(now);
        var stream = MartenOps.StartStream<Company>(id, new CompanyRegistered(id, form.ToProfile(), now));
        return (new CompanyRegisteredResponse(id, 1), stream);
    }
}
