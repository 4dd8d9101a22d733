using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;
using Zumodra.BuildingBlocks;

namespace Zumodra.Jobs.PostingJob;

public sealed record JobPostedResponse(Guid Id, long Version) : CreationResponse($"/api/jobs/{Id}");

public static class PostJobEndpoint
{
    public static ProblemDetails Validate(JobForm? form) => ValidationErrors.ForBody(form, f => f.Validate());

    [WolverinePost("/api/jobs"), Authorize(Roles = Roles.Admin), Tags("Jobs")]
    public static (JobPostedResponse, IStartStream) Post(JobForm form, DateTimeOffset now)
    {
        var id = Guid.CreateVersion7(now);
        var stream = MartenOps.StartStream<Job>(id, new JobPosted(id, form.ToDetails(), now));
        return (new JobPostedResponse(id, 1), stream);
    }
}
