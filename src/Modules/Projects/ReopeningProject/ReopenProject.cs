using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;
using Zumodra.BuildingBlocks;

namespace Zumodra.Projects.ReopeningProject;

public static class ReopenProjectEndpoint
{
    public static ProblemDetails Before([FromHeader(Name = "If-Match")] string? ifMatch, Project project) =>
        project.Status == ProjectStatus.Deleted
            ? ProjectProblems.Deleted(project.Id)
            : ExpectedVersion.Check(null, ifMatch, project.Version);

    /// <summary>A closed or awarded project reopens as if published anew (back to the top of "newest"); the award is withdrawn.</summary>
    [WolverinePost("/api/projects/{id}/reopen"), Authorize(Roles = Roles.Admin), Tags("Projects")]
    public static (Written, Events) Reopen([Aggregate("id")] Project project, DateTimeOffset now) =>
        project.Status == ProjectStatus.Open
            ? (new Written(project.Id, project.Version), [])
            : (new Written(project.Id, project.Version + 1), [new ProjectReopened(project.Id, project.Details, now, now)]);
}
