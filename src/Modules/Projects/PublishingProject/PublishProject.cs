using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;
using Zumodra.BuildingBlocks;

namespace Zumodra.Projects.PublishingProject;

public sealed record ProjectPublishedResponse(Guid Id, long Version) : CreationResponse($"/api/projects/{Id}");

public static class PublishProjectEndpoint
{
    public static ProblemDetails Validate(ProjectForm? form) => ValidationErrors.ForBody(form, f => f.Validate());

    [WolverinePost("/api/projects"), Authorize(Roles = Roles.Admin), Tags("Projects")]
    public static (ProjectPublishedResponse, IStartStream) Post(ProjectForm form, DateTimeOffset now)
    {
        var id = Guid.CreateVersion7(now);
        var stream = MartenOps.StartStream<Project>(id, new ProjectPublished(id, form.ToDetails(), now));
        return (new ProjectPublishedResponse(id, 1), stream);
    }
}
