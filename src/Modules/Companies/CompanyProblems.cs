using Microsoft.AspNetCore.Mvc;

namespace Zumodra.Companies;

internal static class CompanyProblems
{
    /// <summary>A deleted company is gone for every purpose, so it answers like an unknown id.</summary>
    public static ProblemDetails Deleted(Guid id) => new()
    {
        Status = StatusCodes.Status404NotFound,
        Title = "Company not found",
        Detail = $"Company {id} was deleted.",
    };
}
