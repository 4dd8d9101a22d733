using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;
using Zumodra.BuildingBlocks;
using Zumodra.Jobs.ClosingJob;

namespace Zumodra.Jobs.ReopeningJob;

public static class ReopenJobEndpoint
{
    /// <remarks>The clock is read here rather than taken as <c>now</c>, as in <see cref="PostingJob.PostJobEndpoint"/>.</remarks>
    public static ProblemDetails Before([FromHeader(Name = "If-Match")] string? ifMatch, Job job)
    {
        if (job.Status == JobStatus.Deleted) return JobProblems.Deleted(job.Id);
        // It would close again at once: the admin moves or removes the date first (PUT).
        if (job.Status == JobStatus.Closed && job.Details.ClosesAt <= DateTimeOffset.UtcNow)
            return new ValidationErrors().Add("closesAt", "The job's closing date has passed: set a later 'closesAt' (or none) before reopening it.").ToProblem();
        return ExpectedVersion.Check(null, ifMatch, job.Version);
    }

    /// <summary>A reopened job is posted anew: it goes back to the top of "newest", and its closing date is scheduled again.</summary>
    [WolverinePost("/api/jobs/{id}/reopen"), Authorize(Roles = Roles.Admin), Tags("Jobs")]
    public static (Written, Events, OutgoingMessages) Reopen([Aggregate("id")] Job job, DateTimeOffset now) =>
        job.Status == JobStatus.Open
            ? (new Written(job.Id, job.Version), [], [])
            : (new Written(job.Id, job.Version + 1), [new JobReopened(job.Id, job.Details, now, now)], CloseJobWhenDue.For(job.Id, job.Details));
}
