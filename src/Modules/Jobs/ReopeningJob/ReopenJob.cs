using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;
using Zumodra.BuildingBlocks;

namespace Zumodra.Jobs.ReopeningJob;

public static class ReopenJobEndpoint
{
    public static ProblemDetails Before([FromHeader(Name = "If-Match")] string? ifMatch, Job job) =>
        job.Status == JobStatus.Deleted ? JobProblems.Deleted(job.Id) : ExpectedVersion.Check(null, ifMatch, job.Version);

    /// <summary>A reopened job is posted anew: it goes back to the top of "newest".</summary>
    [WolverinePost("/api/jobs/{id}/reopen"), Authorize(Roles = Roles.Admin), Tags("Jobs")]
    public static (Written, Events) Reopen([Aggregate("id")] Job job, DateTimeOffset now) =>
        job.Status == JobStatus.Open
            ? (new Written(job.Id, job.Version), [])
            : (new Written(job.Id, job.Version + 1), [new JobReopened(job.Id, job.Details, now, now)]);
}
