using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;
using Zumodra.Projects.Pages.Projects;
using Zumodra.Web.Exports;

namespace Zumodra.Projects.Browsing;

public static class ExportProjectsEndpoint
{
    /// <summary><c>GET /api/projects/export.csv?&lt;the list's filters and sort&gt;</c>: every matching open project (at most 100,000) as CSV.</summary>
    [WolverineGet("/api/projects/export.csv"), Tags("Projects")]
    public static Task<IResult> Csv(HttpRequest request, IQuerySession session, CancellationToken cancellation) =>
        ExportAsync(ExportFormat.Csv, request, session, cancellation);

    /// <summary><c>GET /api/projects/export.pdf?&lt;the list's filters and sort&gt;</c>: the same as a PDF table.</summary>
    [WolverineGet("/api/projects/export.pdf"), Tags("Projects")]
    public static Task<IResult> Pdf(HttpRequest request, IQuerySession session, CancellationToken cancellation) =>
        ExportAsync(ExportFormat.Pdf, request, session, cancellation);

    private static async Task<IResult> ExportAsync(ExportFormat format, HttpRequest request, IQuerySession session, CancellationToken cancellation)
    {
        var listing = await ProjectsListing.ExportAsync(request.Query, session, cancellation);
        return listing.Export(format, BrowseProjectsEndpoint.Sorted(listing.Filters.Apply(session.Query<ProjectBrowseItem>()), listing.Sort), Columns);
    }

    private static readonly ExportColumn<ProjectBrowseItem>[] Columns =
    [
        new("Title", project => project.Title, 2.6),
        new("Company", project => project.CompanyName, 2),
        new("Category", project => project.Category, 1.4),
        new("Skills", project => string.Join(", ", project.Skills), 1.8),
        new("Budget min", project => ExportText.Number(project.BudgetMin), 1),
        new("Budget max", project => ExportText.Number(project.BudgetMax), 1),
        new("Currency", project => project.Currency, 0.85),
        new("Location", project => project.Location, 1.6),
        new("Remote", project => ExportText.YesNo(project.Remote), 0.75),
        new("Deadline", project => ExportText.Day(project.Deadline), 1.05),
        new("Published", project => ExportText.Day(project.PublishedAt), 1.05),
        new("Id", project => project.Id.ToString(), InPdf: false),
    ];
}
