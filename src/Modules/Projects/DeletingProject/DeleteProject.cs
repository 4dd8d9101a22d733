using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;
using Zumodra.BuildingBlocks;

namespace Zumodra.Projects.DeletingProject;

public static class DeleteProjectEndpoint
{
    public static ProblemDetails Before([FromHeader(Name = "If-Match")] string? ifMatch, Project project) =>
        project.Status == ProjectStatus.Deleted
            ? ProjectProblems.Deleted(project.Id)
            : ExpectedVersion.Check(null, ifMatch, project.Version);

    [WolverineDelete("/api/projects/{id}"), Authorize(Roles = Roles.Admin), Tags("Projects")]
    public static (Written, Events) Delete([Aggregate("id")] Project project, DateTimeOffset now) =>
        (new Written(project.Id, project.Version + 1), [new ProjectDeleted(project.Id, now)]);
}
