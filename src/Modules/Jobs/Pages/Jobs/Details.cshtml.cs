using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Zumodra.BuildingBlocks;
using Zumodra.Jobs.Browsing;
using Zumodra.Web.Browsing;

namespace Zumodra.Jobs.Pages.Jobs;

/// <summary><c>/jobs/{id}</c>: one open job, with schema.org JobPosting data for search engines; 404 once closed or deleted.</summary>
public sealed class JobDetailsModel(IQuerySession session) : PageModel
{
    private static readonly Dictionary<string, string> EmploymentTypes = new()
    {
        ["full_time"] = "FULL_TIME",
        ["part_time"] = "PART_TIME",
        ["contract"] = "CONTRACTOR",
        ["internship"] = "INTERN",
        ["temporary"] = "TEMPORARY",
    };

    public JobBrowseItem? Job { get; private set; }

    public long Sequence { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellation)
    {
        Sequence = await session.HighestCommittedAsync(cancellation);
        Job = await session.LoadAsync<JobBrowseItem>(id, cancellation);
        if (Job is null) Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }

    public LivePageConfig Live(JobBrowseItem job) => new(
        JobsBrowse.Module.Name, JobsBrowse.Module.ItemName, Filters: null, Sequence, JobsBrowse.Module.DetailUrl,
        Labels: new Dictionary<string, IReadOnlyDictionary<string, string>> { ["jobType"] = JobDisplay.TypeLabels },
        ItemId: job.Id);

    /// <summary>
    /// schema.org <c>JobPosting</c> as JSON-LD. The default encoder escapes &lt; &gt; &amp; so that no text of the
    /// job can close the script element it is written into.
    /// </summary>
    public string JsonLd(JobBrowseItem job)
    {
        var posting = new Dictionary<string, object?>
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "JobPosting",
            ["identifier"] = new Dictionary<string, object?> { ["@type"] = "PropertyValue", ["name"] = job.CompanyName ?? "Zumodra", ["value"] = job.Id },
            ["title"] = job.Title,
            ["description"] = job.Description ?? job.Title,
            ["datePosted"] = Display.IsoDate(job.PostedAt),
            ["employmentType"] = EmploymentTypes.GetValueOrDefault(job.JobType, "OTHER"),
            ["hiringOrganization"] = new Dictionary<string, object?> { ["@type"] = "Organization", ["name"] = job.CompanyName ?? "Confidential" },
            ["url"] = $"{Request.Scheme}://{Request.Host}{Request.PathBase}/jobs/{job.Id}",
        };
        if (job.Location is not null)
        {
            var parts = job.Location.Split(',', 2, StringSplitOptions.TrimEntries);
            var address = new Dictionary<string, object?> { ["@type"] = "PostalAddress", ["addressLocality"] = parts[0] };
            if (parts.Length > 1) address["addressCountry"] = parts[1];
            var place = new Dictionary<string, object?> { ["@type"] = "Place", ["address"] = address };
            if (job.Latitude is { } lat && job.Longitude is { } lon)
                place["geo"] = new Dictionary<string, object?> { ["@type"] = "GeoCoordinates", ["latitude"] = lat, ["longitude"] = lon };
            posting["jobLocation"] = place;
        }
        if (job.Remote) posting["jobLocationType"] = "TELECOMMUTE";
        if (job.ClosesAt is { } closesAt) posting["validThrough"] = Display.IsoDate(closesAt);
        // Applying happens on the employer's site or by email, not on this page.
        posting["directApply"] = false;
        if (job.SalaryMin is not null || job.SalaryMax is not null)
        {
            var value = new Dictionary<string, object?> { ["@type"] = "QuantitativeValue", ["unitText"] = "YEAR" };
            if (job.SalaryMin is { } min) value["minValue"] = min;
            if (job.SalaryMax is { } max) value["maxValue"] = max;
            posting["baseSalary"] = new Dictionary<string, object?> { ["@type"] = "MonetaryAmount", ["currency"] = job.Currency ?? "EUR", ["value"] = value };
        }
        return JsonSerializer.Serialize(posting);
    }
}
