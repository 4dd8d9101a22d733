using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;
using Zumodra.BuildingBlocks;
using Zumodra.Jobs.ClosingJob;

namespace Zumodra.Jobs.PostingJob;

public sealed record JobPostedResponse(Guid Id, long Version) : CreationResponse($"/api/jobs/{Id}");

public static class PostJobEndpoint
{
    // The clock is read here, not taken as Wolverine's `now`: WolverineFx 6.62 declares `now` twice (CS0128) when a
    // Validate/Before method and the endpoint both take it.
    public static ProblemDetails Validate(JobForm? form) => ValidationErrors.ForBody(form, f => f.Validate(DateTimeOffset.UtcNow));

    [WolverinePost("/api/jobs"), Authorize(Roles = Roles.Admin), Tags("Jobs")]
    public static (JobPostedResponse, IStartStream, OutgoingMessages) Post(JobForm form, DateTimeOffset now)
    {
        var id = Guid.CreateVersion7(now);
        var details = form.ToDetails();
        var stream = MartenOps.StartStream<Job>(id, new JobPosted(id, details, now));
        return (new JobPostedResponse(id, 1), stream, CloseJobWhenDue.For(id, details));
    }
}
