using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;
using Zumodra.Jobs.Pages.Jobs;
using Zumodra.Web.Exports;

namespace Zumodra.Jobs.Browsing;

public static class ExportJobsEndpoint
{
    /// <summary><c>GET /api/jobs/export.csv?&lt;the list's filters and sort&gt;</c>: every matching open job (at most 100,000) as CSV.</summary>
    [WolverineGet("/api/jobs/export.csv"), Tags("Jobs")]
    public static Task<IResult> Csv(HttpRequest request, IQuerySession session, CancellationToken cancellation) =>
        ExportAsync(ExportFormat.Csv, request, session, cancellation);

    /// <summary><c>GET /api/jobs/export.pdf?&lt;the list's filters and sort&gt;</c>: the same as a PDF table.</summary>
    [WolverineGet("/api/jobs/export.pdf"), Tags("Jobs")]
    public static Task<IResult> Pdf(HttpRequest request, IQuerySession session, CancellationToken cancellation) =>
        ExportAsync(ExportFormat.Pdf, request, session, cancellation);

    private static async Task<IResult> ExportAsync(ExportFormat format, HttpRequest request, IQuerySession session, CancellationToken cancellation)
    {
        var listing = await JobsListing.ExportAsync(request.Query, session, cancellation);
        return listing.Export(format, BrowseJobsEndpoint.Sorted(listing.Filters.Apply(session.Query<JobBrowseItem>()), listing.Sort), Columns);
    }

    private static readonly ExportColumn<JobBrowseItem>[] Columns =
    [
        new("Title", job => job.Title, 2.6),
        new("Company", job => job.CompanyName, 1.8),
        new("Location", job => job.Location, 1.7),
        new("Category", job => job.Category, 1.2),
        new("Job type", job => JobDisplay.Type(job.JobType), 1),
        new("Remote", job => ExportText.YesNo(job.Remote), 0.75),
        new("Salary min", job => ExportText.Number(job.SalaryMin), 1),
        new("Salary max", job => ExportText.Number(job.SalaryMax), 1),
        new("Currency", job => job.Currency, 0.85),
        new("Posted", job => ExportText.Day(job.PostedAt), 1.05),
        new("Closes", job => ExportText.Day(job.ClosesAt), 1.05),
        new("Id", job => job.Id.ToString(), InPdf: false),
    ];
}
