using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;
using Zumodra.BuildingBlocks;

namespace Zumodra.Jobs.EditingJob;

public static class EditJobEndpoint
{
    public static ProblemDetails Validate(JobForm? form) => ValidationErrors.ForBody(form, f => f.Validate());

    public static ProblemDetails Before(JobForm? form, [FromHeader(Name = "If-Match")] string? ifMatch, Job job) =>
        job.Status == JobStatus.Deleted ? JobProblems.Deleted(job.Id) : ExpectedVersion.Check(form?.Version, ifMatch, job.Version);

    [WolverinePut("/api/jobs/{id}"), Authorize(Roles = Roles.Admin), Tags("Jobs")]
    public static (Written, Events) Put(JobForm form, [Aggregate("id")] Job job, DateTimeOffset now)
    {
        var details = form.ToDetails();
        if (details == job.Details) return (new Written(job.Id, job.Version), []);
        return (new Written(job.Id, job.Version + 1), [new JobEdited(job.Id, details, now)]);
    }
}
