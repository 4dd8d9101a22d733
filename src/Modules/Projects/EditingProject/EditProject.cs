using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;
using Zumodra.BuildingBlocks;

namespace Zumodra.Projects.EditingProject;

public static class EditProjectEndpoint
{
    public static ProblemDetails Validate(ProjectForm? form) => ValidationErrors.ForBody(form, f => f.Validate());

    public static ProblemDetails Before(ProjectForm? form, [FromHeader(Name = "If-Match")] string? ifMatch, Project project) =>
        project.Status == ProjectStatus.Deleted
            ? ProjectProblems.Deleted(project.Id)
            : ExpectedVersion.Check(form?.Version, ifMatch, project.Version);

    /// <summary>An edit that changes nothing appends nothing.</summary>
    [WolverinePut("/api/projects/{id}"), Authorize(Roles = Roles.Admin), Tags("Projects")]
    public static (Written, Events) Put(ProjectForm form, [Aggregate("id")] Project project, DateTimeOffset now)
    {
        var details = form.ToDetails();
        if (details.SameAs(project.Details)) return (new Written(project.Id, project.Version), []);
        return (new Written(project.Id, project.Version + 1), [new ProjectEdited(project.Id, details, now)]);
    }
}
