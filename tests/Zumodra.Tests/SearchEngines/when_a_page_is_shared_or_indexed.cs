using System.Net;
using System.Text.RegularExpressions;
using Zumodra.Tests.Companies;
using Zumodra.Tests.Jobs;
using Zumodra.Tests.Projects;

namespace Zumodra.Tests.SearchEngines;

/// <summary>
/// Each list and detail page describes itself to search engines and link previews: its own meta description, a canonical
/// address without what does not change its content, and Open Graph tags; error pages ask not to be indexed.
/// </summary>
[Collection(CompaniesCollection.Name)]
public sealed partial class when_a_page_is_shared_or_indexed(CompaniesApp app)
{
    private sealed record Head(string? Description, string? Canonical, string? OgTitle, string? OgDescription, string? OgUrl, bool NoIndex);

    private async Task<Head> Read(string url, int status = 200)
    {
        var html = await (await app.Send(status, s =>
        {
            s.Get.Url(url);
            // As a browser asks: an unknown address then gets the error page, not a bare 404.
            s.WithRequestHeader("Accept", "text/html");
        })).ReadAsTextAsync();
        string? Attribute(string tag) => Regex.Match(html, tag) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;
        return new Head(
            Attribute("""<meta name="description" content="([^"]*)">"""),
            Attribute("""<link rel="canonical" href="([^"]*)">"""),
            Attribute("""<meta property="og:title" content="([^"]*)">"""),
            Attribute("""<meta property="og:description" content="([^"]*)">"""),
            Attribute("""<meta property="og:url" content="([^"]*)">"""),
            html.Contains("""<meta name="robots" content="noindex">"""));
    }

    [Fact]
    public async Task a_job_page_describes_the_job_and_names_its_own_address()
    {
        var job = await app.PostJob(JobScenarios.AJob("Search Engine Engineer") with
        {
            CompanyName = "Findable GmbH",
            Description = "Make   listings easy to find.\nWork with crawlers, sitemaps and structured data in a small team that ships every day to many users.",
        });

        var head = await Read($"/jobs/{job.Id}?utm_source=newsletter");

        head.Description.ShouldStartWith("Search Engine Engineer at Findable GmbH, Berlin, Germany. Make listings easy to find. Work with crawlers");
        head.Description!.Length.ShouldBeLessThanOrEqualTo(160);
        head.Description.ShouldEndWith("…");
        head.Canonical.ShouldBe($"http://localhost/jobs/{job.Id}");
        head.OgUrl.ShouldBe(head.Canonical);
        head.OgTitle.ShouldBe("Search Engine Engineer");
        head.OgDescription.ShouldBe(head.Description);
        head.NoIndex.ShouldBeFalse();
    }

    [Fact]
    public async Task company_and_project_pages_describe_themselves()
    {
        var company = await app.RegisterCompany(CompanyScenarios.ACompany() with { Name = "Describable AG", Industry = "Software", Description = "We write software." });
        var project = await app.PublishProject(ProjectScenarios.AProject() with { Title = "Index a catalogue", Description = "A short job." });

        var companyHead = await Read($"/companies/{company.Id}");
        companyHead.Description.ShouldStartWith("Describable AG, Software, ");
        companyHead.Description.ShouldEndWith(". We write software.");
        companyHead.Canonical.ShouldBe($"http://localhost/companies/{company.Id}");

        var projectHead = await Read($"/projects/{project.Id}");
        projectHead.Description.ShouldBe("Freelance project: Index a catalogue. A short job.");
        projectHead.Canonical.ShouldBe($"http://localhost/projects/{project.Id}");
    }

    [Fact]
    public async Task a_list_page_describes_its_filters_and_keeps_only_them_and_its_page_in_its_canonical_address()
    {
        var tag = JobScenarios.NewTag();
        for (var i = 0; i < 3; i++) await app.PostJob(JobScenarios.ATaggedJob(tag) with { JobType = "contract" });

        var head = await Read($"/jobs?search={tag}&type=contract&pageSize=2&page=2&utm_campaign=x");

        head.Description.ShouldBe($"3 jobs (Search: {tag}, Job type: Contract). Search, filter and follow them live on Zumodra");
        head.Canonical.ShouldBe($"http://localhost/jobs?search={tag}&type=contract&page=2");
        (await Read($"/jobs/map?search={tag}")).Canonical.ShouldBe($"http://localhost/jobs/map?search={tag}");
        (await Read("/jobs")).Canonical.ShouldBe("http://localhost/jobs");
    }

    [Theory]
    [InlineData("/jobs/00000000-0000-0000-0000-000000000001", 404)]
    [InlineData("/jobs?page=0", 400)]
    [InlineData("/no-such-page", 404)]
    public async Task an_error_page_asks_not_to_be_indexed_and_names_no_canonical_address(string url, int status)
    {
        var head = await Read(url, status);

        head.NoIndex.ShouldBeTrue();
        head.Canonical.ShouldBeNull();
    }

    [Fact]
    public async Task robots_txt_keeps_crawlers_off_the_api_and_admin_and_points_at_the_sitemap()
    {
        var robots = await (await app.Send(200, s => s.Get.Url("/robots.txt"))).ReadAsTextAsync();

        robots.Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldBe(
            ["User-agent: *", "Disallow: /admin", "Disallow: /api/", "Disallow: /hubs/", "Sitemap: http://localhost/sitemap.xml"]);
    }
}
