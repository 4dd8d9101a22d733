using System.Globalization;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;
using Zumodra.Companies.Pages.Companies;
using Zumodra.Web.Exports;

namespace Zumodra.Companies.Browsing;

public static class ExportCompaniesEndpoint
{
    /// <summary><c>GET /api/companies/export.csv?&lt;the list's filters and sort&gt;</c>: every matching company (at most 100,000) as CSV.</summary>
    [WolverineGet("/api/companies/export.csv"), Tags("Companies")]
    public static Task<IResult> Csv(HttpRequest request, IQuerySession session, CancellationToken cancellation) =>
        ExportAsync(ExportFormat.Csv, request, session, cancellation);

    /// <summary><c>GET /api/companies/export.pdf?&lt;the list's filters and sort&gt;</c>: the same as a PDF table.</summary>
    [WolverineGet("/api/companies/export.pdf"), Tags("Companies")]
    public static Task<IResult> Pdf(HttpRequest request, IQuerySession session, CancellationToken cancellation) =>
        ExportAsync(ExportFormat.Pdf, request, session, cancellation);

    private static async Task<IResult> ExportAsync(ExportFormat format, HttpRequest request, IQuerySession session, CancellationToken cancellation)
    {
        var listing = await CompaniesListing.ExportAsync(request.Query, session, cancellation);
        return listing.Export(format, BrowseCompaniesEndpoint.Sorted(listing.Filters.Apply(session.Query<CompanyBrowseItem>()), listing.Sort), Columns);
    }

    private static readonly ExportColumn<CompanyBrowseItem>[] Columns =
    [
        new("Name", company => company.Name, 2.5),
        new("Industry", company => company.Industry, 1.6),
        new("Location", company => company.Location, 2),
        new("Size", company => company.Size, 0.8),
        new("Open jobs", company => company.OpenJobs.ToString(CultureInfo.InvariantCulture), 0.85),
        new("Verified", company => ExportText.YesNo(company.Verified), 0.8),
        new("Website", company => company.Website, 2.2),
        new("Joined", company => ExportText.Day(company.RegisteredAt), 1),
        new("Id", company => company.Id.ToString(), InPdf: false),
    ];
}
