using Marten;
using Wolverine.Runtime.Handlers;
using Zumodra.BuildingBlocks;
using Zumodra.Jobs.Contracts;

namespace Zumodra.Companies.CountingOpenJobs;

/// <summary>The Companies module's own record of one open job and its company, built from <see cref="JobListingChanged"/>.</summary>
public sealed class OpenJobListing
{
    /// <summary>The job's id.</summary>
    public Guid Id { get; set; }

    public Guid CompanyId { get; set; }
}

/// <summary>
/// Runs on the durable, sequential <c>companies</c> queue: keeps <see cref="OpenJobListing"/> in step with the job,
/// recounts the companies it left and joined, and appends <see cref="CompanyOpenJobsCounted"/> where the count moved,
/// so the new count reaches the browse item and the live feed through the company's own events. Recounting from
/// the listings (instead of adding and subtracting) makes a redelivered or repeated message change nothing.
/// </summary>
public static class CountOpenJobsHandler
{
    /// <summary>An admin write between our read and our commit: look again; any other failure: wait and retry, in order.</summary>
    public static void Configure(HandlerChain chain) => chain.RetryInPlace();

    public static async Task Handle(JobListingChanged change, IDocumentSession session, CancellationToken cancellation)
    {
        var listing = await session.LoadAsync<OpenJobListing>(change.JobId, cancellation);
        var company = change.Open ? change.CompanyId : null;
        if (company is { } joined) session.Store(new OpenJobListing { Id = change.JobId, CompanyId = joined });
        else if (listing is not null) session.Delete<OpenJobListing>(change.JobId);

        foreach (var affected in new[] { listing?.CompanyId, company }.OfType<Guid>().Distinct())
        {
            // The listing stored or deleted above is not written yet: count the others, then this job as it is now.
            var others = await session.Query<OpenJobListing>()
                .CountAsync(x => x.CompanyId == affected && x.Id != change.JobId, cancellation);
            var count = others + (company == affected ? 1 : 0);

            var stream = await session.Events.FetchForWriting<Company>(affected, cancellation);
            if (stream.Aggregate is not { Deleted: false } current || current.OpenJobs == count) continue;
            stream.AppendOne(new CompanyOpenJobsCounted(affected, count));
        }
    }
}
