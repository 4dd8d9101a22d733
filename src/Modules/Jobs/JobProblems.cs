using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Zumodra.Jobs;

internal static class JobProblems
{
    /// <summary>A deleted job is gone for every purpose, so it answers like an unknown id.</summary>
    public static ProblemDetails Deleted(Guid id) => new()
    {
        Status = StatusCodes.Status404NotFound,
        Title = "Job not found",
        Detail = $"Job {id} was deleted.",
    };
}
