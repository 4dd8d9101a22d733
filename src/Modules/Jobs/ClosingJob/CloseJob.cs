using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;
using Zumodra.BuildingBlocks;

namespace Zumodra.Jobs.ClosingJob;

public static class CloseJobEndpoint
{
    public static ProblemDetails Before([FromHeader(Name = "If-Match")] string? ifMatch, Job job) =>
        job.Status == JobStatus.Deleted ? JobProblems.Deleted(job.Id) : ExpectedVersion.Check(null, ifMatch, job.Version);

    /// <summary>Closing a closed job changes nothing and appends nothing.</summary>
    [WolverinePost("/api/jobs/{id}/close"), Authorize(Roles = Roles.Admin), Tags("Jobs")]
    public static (Written, Events) Close([Aggregate("id")] Job job, DateTimeOffset now) =>
        job.Status == JobStatus.Closed
            ? (new Written(job.Id, job.Version), [])
            : (new Written(job.Id, job.Version + 1), [new JobClosed(job.Id, now)]);
}
