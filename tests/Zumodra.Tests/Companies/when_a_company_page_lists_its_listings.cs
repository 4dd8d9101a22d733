using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Zumodra.Tests.Jobs;
using Zumodra.Tests.Projects;

namespace Zumodra.Tests.Companies;

/// <summary>
/// <c>companyId</c> narrows jobs and projects everywhere the other filters do (API, map, facets, pages, live config),
/// and a company's page lists its open jobs and projects, paged on to the filtered lists, with names linking back.
/// </summary>
[Collection(CompaniesCollection.Name)]
public sealed partial class when_a_company_page_lists_its_listings(CompaniesApp app)
{
    private async Task<string> Page(string url, int status = 200) =>
        WebUtility.HtmlDecode(await (await app.Send(status, s => s.Get.Url(url))).ReadAsTextAsync());

    private async Task<JsonElement> Json(string url) => await (await app.Send(200, s => s.Get.Url(url))).ReadJson();

    private static Guid[] Ids(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(x => x.GetProperty("id").GetGuid())];

    [Fact]
    public async Task the_apis_list_map_and_count_only_that_companys_jobs_and_projects()
    {
        var company = Guid.NewGuid();
        var name = CompanyScenarios.Unique("Acme");
        var ours = await app.PostJob(CompanyScenarios.AJobAt(company, name) with { Location = "Ghent, Belgium", Latitude = 51.05, Longitude = 3.72 });
        var alsoOurs = await app.PostJob(CompanyScenarios.AJobAt(company, name) with { Location = "Bruges, Belgium", Latitude = null, Longitude = null });
        await app.PostJob(CompanyScenarios.AJobAt(Guid.NewGuid(), "Someone Else"));
        var project = await app.PublishProject(ProjectScenarios.AProject() with { CompanyId = company, CompanyName = name });
        await app.PublishProject(ProjectScenarios.AProject());

        Ids(await Json($"/api/jobs?companyId={company}")).ShouldBe([alsoOurs.Id, ours.Id]);
        // Any of a UUID's spellings names the same company.
        Ids(await Json($"/api/jobs?companyId={company.ToString("B").ToUpperInvariant()}")).ShouldBe([alsoOurs.Id, ours.Id]);
        (await Json($"/api/jobs/map?companyId={company}")).GetProperty("features").EnumerateArray()
            .Select(f => f.GetProperty("properties").GetProperty("id").GetGuid()).ShouldBe([ours.Id]);
        var locations = (await Json($"/api/jobs/facets?companyId={company}")).GetProperty("locations").EnumerateArray()
            .ToDictionary(f => f.GetProperty("value").GetString()!, f => f.GetProperty("count").GetInt32());
        locations.ShouldBe(new Dictionary<string, int> { ["Bruges, Belgium"] = 1, ["Ghent, Belgium"] = 1 }, ignoreOrder: true);

        Ids(await Json($"/api/projects?companyId={company}")).ShouldBe([project.Id]);
        (await Json($"/api/projects/facets?companyId={company}")).GetProperty("categories").EnumerateArray().Single()
            .GetProperty("count").GetInt32().ShouldBe(1);
    }

    [Theory]
    [InlineData("/api/jobs")]
    [InlineData("/api/jobs/map")]
    [InlineData("/api/jobs/facets")]
    [InlineData("/api/projects")]
    [InlineData("/api/projects/facets")]
    public async Task a_company_id_that_is_not_a_uuid_is_a_400_naming_it(string url)
    {
        var problem = await (await app.Send(400, s => s.Get.Url(url + "?companyId=acme"))).ReadProblem();

        problem.ErrorFields.ShouldBe(["companyId"]);
    }

    [Fact]
    public async Task the_jobs_page_of_one_company_names_it_in_a_chip_keeps_it_in_the_form_and_follows_it_live()
    {
        var company = Guid.NewGuid();
        var name = CompanyScenarios.Unique("Acme");
        var ours = await app.PostJob(CompanyScenarios.AJobAt(company, name));
        await app.PostJob(CompanyScenarios.AJobAt(Guid.NewGuid(), "Someone Else"));

        var html = await Page($"/jobs?companyId={company}");

        CardIds(html).ShouldBe([ours.Id]);
        html.ShouldContain($"""<a class="chip" href="/jobs" data-chip>Company: {name}<""");
        html.ShouldContain($"""<input type="hidden" name="companyId" value="{company}">""");
        html.ShouldContain($"\"filters\":{{\"companyId\":\"{company}\"}}");
        // The card's company name leads to the company's page.
        html.ShouldContain($$"""<a class="company-link" href="/companies/{{company}}" data-href="/companies/{companyId}" data-field="companyName">{{name}}</a>""");
    }

    [Fact]
    public async Task a_companys_page_lists_its_open_jobs_and_projects_paged_on_to_the_filtered_lists()
    {
        var name = CompanyScenarios.Unique("Acme");
        var company = await app.AndWait(() => app.RegisterCompany(CompanyScenarios.ACompany(name)));
        var jobs = new List<Guid>();
        for (var i = 0; i < 7; i++) jobs.Add((await app.PostJob(CompanyScenarios.AJobAt(company.Id, name, $"Engineer {i}"))).Id);
        var closed = await app.PostJob(CompanyScenarios.AJobAt(company.Id, name, "Closed"));
        await app.JobAction(closed.Id, "close");
        await app.PostJob(CompanyScenarios.AJobAt(Guid.NewGuid(), "Someone Else"));

        var html = await Page($"/companies/{company.Id}");

        var jobsSection = Section(html, "jobs");
        CardIds(jobsSection).ShouldBe(Enumerable.Reverse(jobs).Take(6));
        jobsSection.ShouldContain("<span data-count>7</span> <span data-count-noun>jobs</span>");
        jobsSection.ShouldContain($"""<a href="/jobs?companyId={company.Id}">Browse with filters and map</a>""");
        jobsSection.ShouldContain($"""<a href="/jobs?companyId={company.Id}&pageSize=6&page=2" rel="next">""");
        jobsSection.ShouldContain("""<nav class="pagination" aria-label="Open jobs: pages">""");
        jobsSection.ShouldContain($"\"channel\":\"jobs\",\"item\":\"job\",\"filters\":{{\"companyId\":\"{company.Id}\"}}");
        jobsSection.ShouldContain("\"facetsUrl\":null");

        var projectsSection = Section(html, "projects");
        CardIds(projectsSection).ShouldBeEmpty();
        projectsSection.ShouldContain("No open projects right now.");
        projectsSection.ShouldContain($"\"filters\":{{\"companyId\":\"{company.Id}\"}}");
        // The company's own live config follows the company, outside both sections.
        html[html.LastIndexOf("</section>", StringComparison.Ordinal)..].ShouldContain($"\"itemId\":\"{company.Id}\"");
    }

    [Fact]
    public async Task a_projects_page_of_one_company_lists_only_its_projects()
    {
        var company = Guid.NewGuid();
        var name = CompanyScenarios.Unique("Acme");
        var ours = await app.PublishProject(ProjectScenarios.AProject() with { CompanyId = company, CompanyName = name });
        await app.PublishProject(ProjectScenarios.AProject());

        var html = await Page($"/projects?companyId={company}");

        CardIds(html).ShouldBe([ours.Id]);
        html.ShouldContain($"""<a class="chip" href="/projects" data-chip>Company: {name}<""");
    }

    /// <summary>The section of one module on a company's page.</summary>
    private static string Section(string html, string module)
    {
        var start = html.IndexOf($"aria-labelledby=\"company-{module}\"", StringComparison.Ordinal);
        start.ShouldBeGreaterThan(0, $"the page has no {module} section");
        return html[start..html.IndexOf("</section>", start, StringComparison.Ordinal)];
    }

    /// <summary>The cards of the results, in order (not the blank card of the template for live items).</summary>
    private static List<Guid> CardIds(string html) =>
        [.. CardId().Matches(html[html.IndexOf("data-results", StringComparison.Ordinal)..html.IndexOf("data-card-template", StringComparison.Ordinal)])
            .Select(m => Guid.Parse(m.Groups[1].Value))];

    [GeneratedRegex("""<li class="card-item" data-id="([0-9a-f-]{36})"[^>]*data-order""")]
    private static partial Regex CardId();
}
