using System.Globalization;
using System.Net;
using CsvHelper;
using Microsoft.Net.Http.Headers;
using UglyToad.PdfPig;
using Zumodra.Tests.Companies;
using Zumodra.Tests.Jobs;
using Zumodra.Tests.Projects;

namespace Zumodra.Tests.Exports;

/// <summary>
/// <c>/api/{channel}/export.csv|pdf</c> with a list's filters: read back as a spreadsheet would (CsvHelper) and as a PDF
/// reader would (PdfPig), named after what they hold, refused as the browse API refuses.
/// </summary>
[Collection(CompaniesCollection.Name)]
public sealed class when_exporting_a_list(CompaniesApp app)
{
    private static string Today => DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<(byte[] Body, ContentDispositionHeaderValue Disposition, string ContentType)> Export(string url)
    {
        var result = await app.Send(200, s => s.Get.Url(url));
        var headers = result.Context.Response.Headers;
        headers.CacheControl.ToString().ShouldBe("no-store");
        var body = new MemoryStream();
        await result.Context.Response.Body.CopyToAsync(body);
        return (body.ToArray(), ContentDispositionHeaderValue.Parse(headers.ContentDisposition.ToString()), result.Context.Response.ContentType!);
    }

    private static List<string[]> ReadCsv(byte[] body, out IReadOnlyList<string> headers)
    {
        using var csv = CsvReader.Create(body);
        headers = [.. csv.Headers];
        var rows = new List<string[]>();
        while (csv.Read()) rows.Add([.. Enumerable.Range(0, headers.Count).Select(csv.GetString)]);
        return rows;
    }

    private static string[] PdfPages(byte[] body)
    {
        using var pdf = PdfDocument.Open(body);
        return [.. pdf.GetPages().Select(page => string.Join(' ', page.GetWords().Select(word => word.Text)))];
    }

    [Fact]
    public async Task remote_jobs_in_berlin_as_csv_are_every_match_newest_first_in_utf8_with_a_bom()
    {
        var tag = JobScenarios.NewTag();
        var first = await app.PostJob(JobScenarios.ATaggedJob(tag, "Remote One") with { Remote = true });
        await app.PostJob(JobScenarios.ATaggedJob(tag, "On Site"));
        await app.PostJob(JobScenarios.ATaggedJob(tag, "Remote Munich") with { Remote = true, Location = "München, Germany" });
        var second = await app.PostJob(JobScenarios.ATaggedJob(tag, "Remote Two") with { Remote = true, CompanyName = "Zürich & Söhne, \"Ltd\"" });

        var (body, disposition, type) = await Export($"/api/jobs/export.csv?search={tag}&remote=true&location=Berlin,%20Germany");

        type.ShouldBe("text/csv; charset=utf-8");
        body.Take(3).ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });
        var rows = ReadCsv(body, out var headers);
        headers.ShouldBe(["Title", "Company", "Location", "Category", "Job type", "Remote", "Salary min", "Salary max", "Currency", "Posted", "Closes", "Id"]);
        rows.Select(row => row[^1]).ShouldBe([second.Id.ToString(), first.Id.ToString()]);
        rows[0].ShouldBe([$"Remote Two {tag}", "Zürich & Söhne, \"Ltd\"", "Berlin, Germany", "Engineering", "Full-time", "Yes", "60000", "80000", "EUR", Today, "", second.Id.ToString()]);
        disposition.DispositionType.ShouldBe("attachment");
        disposition.FileName.Value.ShouldBe($"zumodra-jobs-{tag}-berlin-germany-remote-{Today}.csv");
    }

    [Fact]
    public async Task a_cell_a_spreadsheet_would_run_as_a_formula_is_neutralised()
    {
        var tag = JobScenarios.NewTag();
        await app.PostJob(JobScenarios.ATaggedJob(tag) with { CompanyName = "=cmd|' /C calc'!A0", Category = "+SUM(A1)", Location = "@here" });

        var (body, _, _) = await Export($"/api/jobs/export.csv?search={tag}");

        var row = ReadCsv(body, out _).ShouldHaveSingleItem();
        row[1].ShouldBe("'=cmd|' /C calc'!A0");
        row[2].ShouldBe("'@here");
        row[3].ShouldBe("'+SUM(A1)");
    }

    [Fact]
    public async Task a_name_outside_ascii_keeps_its_letters_in_the_utf8_file_name()
    {
        var (_, disposition, _) = await Export("/api/jobs/export.csv?location=M%C3%BCnchen&sort=salary");

        disposition.FileName.Value.ShouldBe($"zumodra-jobs-munchen-{Today}.csv");
        disposition.FileNameStar.Value.ShouldBe($"zumodra-jobs-münchen-{Today}.csv");
    }

    [Fact]
    public async Task a_pdf_is_a_table_with_its_title_filters_and_page_numbers_and_repeats_its_header()
    {
        var tag = JobScenarios.NewTag();
        for (var i = 0; i < 45; i++) await app.PostJob(JobScenarios.ATaggedJob(tag, $"Engineer {i:00}") with { Remote = true });

        var (body, disposition, type) = await Export($"/api/jobs/export.pdf?search={tag}&remote=true");

        type.ShouldBe("application/pdf");
        disposition.FileName.Value.ShouldBe($"zumodra-jobs-{tag}-remote-{Today}.pdf");
        var pages = PdfPages(body);
        pages.Length.ShouldBe(2);
        pages[0].ShouldStartWith("Jobs Filters: ");
        pages[0].ShouldContain("Page 1 of 2");
        pages[0].ShouldContain($"Filters: Search: {tag}, Workplace: Remote");
        pages[0].ShouldContain("Generated ");
        pages[0].ShouldContain("45 jobs");
        pages[0].ShouldContain($"Engineer 44 {tag} Acme Berlin, Germany Engineering Full-time Yes 60000 80000 EUR {Today}");
        pages[1].ShouldContain("Page 2 of 2");
        pages[1].ShouldContain("Title Company Location Category Job type Remote Salary min Salary max Currency Posted Closes");
        pages[1].ShouldContain($"Engineer 00 {tag}");
    }

    [Fact]
    public async Task companies_and_projects_export_their_own_columns()
    {
        var company = await app.RegisterCompany(CompanyScenarios.ACompany(CompanyScenarios.Unique("Exportable")) with { Industry = "Exporting" });
        var tag = JobScenarios.NewTag();
        var project = await app.PublishProject(ProjectScenarios.AProject(tag));

        var companies = ReadCsv((await Export("/api/companies/export.csv?industry=Exporting")).Body, out var companyHeaders);
        companyHeaders.ShouldBe(["Name", "Industry", "Location", "Size", "Open jobs", "Verified", "Website", "Joined", "Id"]);
        companies.Select(row => row[^1]).ShouldContain(company.Id.ToString());

        var projects = ReadCsv((await Export($"/api/projects/export.csv?search={tag}")).Body, out var projectHeaders);
        projectHeaders[0].ShouldBe("Title");
        projects.ShouldHaveSingleItem()[^1].ShouldBe(project.Id.ToString());
        PdfPages((await Export($"/api/projects/export.pdf?search={tag}")).Body).ShouldHaveSingleItem().ShouldContain("Projects");
    }

    [Theory]
    [InlineData("/api/jobs/export.csv?remote=maybe", "remote")]
    [InlineData("/api/jobs/export.pdf?sort=cheapest", "sort")]
    [InlineData("/api/companies/export.csv?industry=a%00b", "industry")]
    [InlineData("/api/projects/export.pdf?budgetMin=lots", "budgetMin")]
    public async Task a_wrong_filter_is_the_browse_apis_400(string url, string field)
    {
        var problem = await (await app.Send(400, s => s.Get.Url(url))).ReadProblem();
        problem.ErrorFields.ShouldBe([field]);

        var api = await (await app.Send(400, s => s.Get.Url(url.Replace("/export.csv", "").Replace("/export.pdf", "")))).ReadProblem();
        api.Body.GetProperty("errors").ToString().ShouldBe(problem.Body.GetProperty("errors").ToString());
    }

    [Fact]
    public async Task list_and_map_pages_offer_exports_of_their_filters_and_sort()
    {
        var html = WebUtility.HtmlDecode(await (await app.Send(200, s => s.Get.Url("/jobs?location=Berlin&remote=true&sort=salary&page=2"))).ReadAsTextAsync());
        html.ShouldContain("""href="/api/jobs/export.csv?location=Berlin&remote=true&sort=salary" download""");
        html.ShouldContain("""href="/api/jobs/export.pdf?location=Berlin&remote=true&sort=salary" download""");

        var map = WebUtility.HtmlDecode(await (await app.Send(200, s => s.Get.Url("/projects/map"))).ReadAsTextAsync());
        map.ShouldContain("""href="/api/projects/export.pdf" download""");
    }
}
