using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace Zumodra.Projects.Browsing;

public static class GetProjectEndpoint
{
    /// <summary><c>GET /api/projects/{id}</c>: one open project; awarded, closed, deleted and unknown projects are 404.</summary>
    [WolverineGet("/api/projects/{id:guid}"), Tags("Projects")]
    public static async Task<IResult> Get(Guid id, IQuerySession session, CancellationToken cancellation) =>
        await session.LoadAsync<ProjectBrowseItem>(id, cancellation) is { } project
            ? Results.Ok(project)
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Project not found", detail: $"No open project has id {id}.");
}
