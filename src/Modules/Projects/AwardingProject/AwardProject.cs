using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;
using Zumodra.BuildingBlocks;

namespace Zumodra.Projects.AwardingProject;

/// <summary>The award's input: the body is optional, as closing needs none either; without one the award names nobody.</summary>
public sealed record AwardRequest([FromBody] AwardForm? Body)
{
    public AwardForm Form => Body ?? new AwardForm(null);
}

public static class AwardProjectEndpoint
{
    public static ProblemDetails Validate(AwardRequest request) => request.Form.Validate();

    public static ProblemDetails Before(AwardRequest request, [FromHeader(Name = "If-Match")] string? ifMatch, Project project) =>
        project.Status == ProjectStatus.Deleted
            ? ProjectProblems.Deleted(project.Id)
            : ExpectedVersion.Check(request.Form.Version, ifMatch, project.Version);

    /// <summary>
    /// An open or closed project can be awarded; it then leaves browsing. Awarding it again to the same freelancer
    /// changes nothing; naming another one records the new award.
    /// </summary>
    [WolverinePost("/api/projects/{id}/award"), Authorize(Roles = Roles.Admin), Tags("Projects")]
    public static (Written, Events) Award([AsParameters] AwardRequest request, [Aggregate("id")] Project project, DateTimeOffset now)
    {
        var awardedTo = string.IsNullOrWhiteSpace(request.Form.AwardedTo) ? null : request.Form.AwardedTo.Trim();
        if (project.Status == ProjectStatus.Awarded && (awardedTo is null || awardedTo == project.AwardedTo))
            return (new Written(project.Id, project.Version), []);
        return (new Written(project.Id, project.Version + 1), [new ProjectAwarded(project.Id, awardedTo, now)]);
    }
}
