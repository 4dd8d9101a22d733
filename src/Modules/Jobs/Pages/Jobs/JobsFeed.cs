using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;
using Zumodra.Jobs.Browsing;
using Zumodra.Web.Seo;

namespace Zumodra.Jobs.Pages.Jobs;

public static class JobsFeedEndpoint
{
    /// <summary><c>GET /jobs/feed.atom?&lt;the list's filters&gt;</c>: the newest 50 open jobs that match, for feed readers.</summary>
    [WolverineGet("/jobs/feed.atom"), Tags("Jobs")]
    public static async Task<IResult> Get(HttpRequest request, IQuerySession session, CancellationToken cancellation) =>
        (await JobsListing.FeedAsync(request.Query, session, cancellation)).Feed(job => new FeedEntry(
            job.Id,
            job.Title + (job.CompanyName is null ? "" : $" at {job.CompanyName}") + (job.Location is null ? "" : $", {job.Location}"),
            job.Description, job.PostedAt, job.UpdatedAt));
}
