using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;
using Zumodra.BuildingBlocks;
using Zumodra.Jobs.ClosingJob;

namespace Zumodra.Jobs.EditingJob;

public static class EditJobEndpoint
{
    /// <remarks>The clock is read here rather than taken as <c>now</c>, as in <see cref="PostingJob.PostJobEndpoint"/>.</remarks>
    public static ProblemDetails Validate(JobForm? form) => ValidationErrors.ForBody(form, f => f.Validate(DateTimeOffset.UtcNow));

    public static ProblemDetails Before(JobForm? form, [FromHeader(Name = "If-Match")] string? ifMatch, Job job) =>
        job.Status == JobStatus.Deleted ? JobProblems.Deleted(job.Id) : ExpectedVersion.Check(form?.Version, ifMatch, job.Version);

    /// <summary>A new closing date on an open job is scheduled; a closed job's is scheduled when it reopens.</summary>
    [WolverinePut("/api/jobs/{id}"), Authorize(Roles = Roles.Admin), Tags("Jobs")]
    public static (Written, Events, OutgoingMessages) Put(JobForm form, [Aggregate("id")] Job job, DateTimeOffset now)
    {
        var details = form.ToDetails();
        if (details == job.Details) return (new Written(job.Id, job.Version), [], []);
        var closing = job.Status == JobStatus.Open && details.ClosesAt != job.Details.ClosesAt ? CloseJobWhenDue.For(job.Id, details) : [];
        return (new Written(job.Id, job.Version + 1), [new JobEdited(job.Id, details, now)], closing);
    }
}
