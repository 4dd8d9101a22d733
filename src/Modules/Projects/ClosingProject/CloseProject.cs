using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;
using Zumodra.BuildingBlocks;

namespace Zumodra.Projects.ClosingProject;

public static class CloseProjectEndpoint
{
    public static ProblemDetails Before([FromHeader(Name = "If-Match")] string? ifMatch, Project project) =>
        project.Status == ProjectStatus.Deleted
            ? ProjectProblems.Deleted(project.Id)
            : ExpectedVersion.Check(null, ifMatch, project.Version);

    /// <summary>Closing a project that no longer takes proposals (closed or awarded) changes nothing and appends nothing.</summary>
    [WolverinePost("/api/projects/{id}/close"), Authorize(Roles = Roles.Admin), Tags("Projects")]
    public static (Written, Events) Close([Aggregate("id")] Project project, DateTimeOffset now) =>
        project.Status == ProjectStatus.Open
            ? (new Written(project.Id, project.Version + 1), [new ProjectClosed(project.Id, now)])
            : (new Written(project.Id, project.Version), []);
}
