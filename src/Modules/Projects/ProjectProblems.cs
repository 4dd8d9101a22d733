using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Zumodra.Projects;

internal static class ProjectProblems
{
    /// <summary>A deleted project is gone for every purpose, so it answers like an unknown id.</summary>
    public static ProblemDetails Deleted(Guid id) => new()
    {
        Status = StatusCodes.Status404NotFound,
        Title = "Project not found",
        Detail = $"Project {id} was deleted.",
    };
}
