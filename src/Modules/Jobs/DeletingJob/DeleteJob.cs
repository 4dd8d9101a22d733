using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;
using Zumodra.BuildingBlocks;

namespace Zumodra.Jobs.DeletingJob;

public static class DeleteJobEndpoint
{
    public static ProblemDetails Before([FromHeader(Name = "If-Match")] string? ifMatch, Job job) =>
        job.Status == JobStatus.Deleted ? JobProblems.Deleted(job.Id) : ExpectedVersion.Check(null, ifMatch, job.Version);

    [WolverineDelete("/api/jobs/{id}"), Authorize(Roles = Roles.Admin), Tags("Jobs")]
    public static (Written, Events) Delete([Aggregate("id")] Job job, DateTimeOffset now) =>
        (new Written(job.Id, job.Version + 1), [new JobDeleted(job.Id, now)]);
}
