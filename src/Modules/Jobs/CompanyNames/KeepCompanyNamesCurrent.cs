using Marten;
using Wolverine.Runtime.Handlers;
using Zumodra.BuildingBlocks;
using Zumodra.Companies.Contracts;

namespace Zumodra.Jobs.CompanyNames;

/// <summary>
/// When a company is renamed, every job of it that is not deleted (open or closed, so a reopened job shows the
/// current name) gets <see cref="JobCompanyRenamed"/>; open jobs then reach visitors and the live feed as updates.
/// Jobs that already show the name are left alone, so a redelivered message changes nothing.
/// </summary>
public static class KeepCompanyNamesCurrentHandler
{
    /// <summary>An admin write between our read and our commit: look again; any other failure: wait and retry, in order.</summary>
    public static void Configure(HandlerChain chain) => chain.RetryInPlace();

    public static async Task Handle(CompanyRenamed renamed, IDocumentSession session, CancellationToken cancellation)
    {
        var jobs = await session.Query<Job>().Where(x => x.Details.CompanyId == renamed.CompanyId).ToListAsync(cancellation);
        var now = DateTimeOffset.UtcNow;
        foreach (var candidate in jobs.Where(x => x.Status != JobStatus.Deleted && x.Details.CompanyName != renamed.Name))
        {
            // Fetched for writing, so a concurrent write to the job is a conflict (and a retry), not a lost update.
            var stream = await session.Events.FetchForWriting<Job>(candidate.Id, cancellation);
            if (stream.Aggregate is not { } job || job.Status == JobStatus.Deleted || job.Details.CompanyName == renamed.Name) continue;
            stream.AppendOne(new JobCompanyRenamed(job.Id, renamed.Name, now));
        }
    }
}
