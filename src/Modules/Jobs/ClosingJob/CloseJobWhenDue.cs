using Wolverine;
using Wolverine.Marten;
using Wolverine.Runtime.Handlers;
using Zumodra.BuildingBlocks;

namespace Zumodra.Jobs.ClosingJob;

/// <summary>
/// Due at a job's closing date, scheduled when a job with one is posted, edited or reopened. Scheduled through the
/// durable outbox with the write itself, so it survives restarts and is not sent if the write fails.
/// </summary>
public sealed record CloseJobWhenDue(Guid JobId, DateTimeOffset ClosesAt)
{
    /// <summary>The message to schedule for an open job with these details, if they set a closing date.</summary>
    internal static OutgoingMessages For(Guid jobId, JobDetails details)
    {
        var messages = new OutgoingMessages();
        if (details.ClosesAt is { } closesAt) messages.Schedule(new CloseJobWhenDue(jobId, closesAt), closesAt);
        return messages;
    }
}

public static class CloseJobWhenDueHandler
{
    /// <summary>An admin write to the job at the same moment: read it again and decide anew.</summary>
    public static void Configure(HandlerChain chain) => chain.RetryInPlace();

    /// <summary>
    /// Closes the job as an admin's close would (it leaves browsing and live viewers see it go), unless it was closed,
    /// deleted or given another closing date since this was scheduled.
    /// </summary>
    [AggregateHandler]
    public static Events Handle(CloseJobWhenDue due, Job job, DateTimeOffset now) =>
        job.Status == JobStatus.Open && job.Details.ClosesAt == due.ClosesAt ? [new JobClosed(job.Id, now)] : [];
}
