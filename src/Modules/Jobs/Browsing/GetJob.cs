using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace Zumodra.Jobs.Browsing;

public static class GetJobEndpoint
{
    /// <summary><c>GET /api/jobs/{id}</c>: one open job; closed, deleted and unknown jobs are 404.</summary>
    [WolverineGet("/api/jobs/{id:guid}"), Tags("Jobs")]
    public static async Task<IResult> Get(Guid id, IQuerySession session, CancellationToken cancellation) =>
        await session.LoadAsync<JobBrowseItem>(id, cancellation) is { } job
            ? Results.Ok(job)
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Job not found", detail: $"No open job has id {id}.");
}
