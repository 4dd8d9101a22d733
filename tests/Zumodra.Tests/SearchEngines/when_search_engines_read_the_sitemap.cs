using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using Zumodra.Tests.Companies;
using Zumodra.Tests.Infrastructure;
using Zumodra.Tests.Jobs;
using Zumodra.Tests.Projects;
using Zumodra.Web.Seo;

namespace Zumodra.Tests.SearchEngines;

/// <summary>A sitemap file here holds at most ten URLs, so that the index it becomes past 50,000 shows with a few listings.</summary>
public sealed class SitemapApp() : AppFixture("sitemap")
{
    public const int MaxUrls = 10;

    protected override void Configure(IServiceCollection services) =>
        services.Configure<SiteOptions>(site => site.SitemapMaxUrls = MaxUrls);
}

[CollectionDefinition(Name)]
public sealed class SitemapCollection : ICollectionFixture<SitemapApp>
{
    public const string Name = "sitemap";
}

/// <summary>
/// <c>/sitemap.xml</c> lists the six list and map pages and the page of every open listing with its last change, and
/// becomes an index of files once that is more than one file may hold; closed listings leave it.
/// </summary>
[Collection(SitemapCollection.Name)]
public sealed class when_search_engines_read_the_sitemap(SitemapApp app)
{
    private static readonly XNamespace Sitemaps = "http://www.sitemaps.org/schemas/sitemap/0.9";

    private static readonly string[] ListPages =
        ["/jobs", "/jobs/map", "/companies", "/companies/map", "/projects", "/projects/map"];

    private async Task<XElement> Read(string url)
    {
        var result = await app.Send(200, s => s.Get.Url(url));
        result.Context.Response.ContentType.ShouldBe("application/xml; charset=utf-8");
        result.Context.Response.Headers.CacheControl.ToString().ShouldBe("public, max-age=300");
        return XDocument.Parse(await result.ReadAsTextAsync()).Root!;
    }

    private static string[] Locations(XElement urlSet) => [.. urlSet.Elements(Sitemaps + "url").Select(u => new Uri(u.Element(Sitemaps + "loc")!.Value).PathAndQuery)];

    [Fact]
    public async Task it_lists_every_open_listing_and_becomes_an_index_past_one_files_worth()
    {
        var empty = await Read("/sitemap.xml");
        empty.Name.ShouldBe(Sitemaps + "urlset");
        Locations(empty).ShouldBe(ListPages);
        // Absolute addresses, on the host that was asked (no public address configured).
        empty.Elements(Sitemaps + "url").First().Element(Sitemaps + "loc")!.Value.ShouldBe("http://localhost/jobs");

        var before = DateTimeOffset.UtcNow.AddSeconds(-5);
        var job = await app.PostJob();
        var company = await app.RegisterCompany();
        var project = await app.PublishProject();
        var closed = await app.PostJob();
        await app.JobAction(closed.Id, "close");

        var small = await Read("/sitemap.xml");
        small.Name.ShouldBe(Sitemaps + "urlset");
        Locations(small).ShouldBe([.. ListPages, $"/jobs/{job.Id}", $"/companies/{company.Id}", $"/projects/{project.Id}"]);
        var lastModified = DateTimeOffset.Parse(small.Elements(Sitemaps + "url").Single(u => u.Element(Sitemaps + "loc")!.Value.EndsWith(job.Id.ToString()))
            .Element(Sitemaps + "lastmod")!.Value);
        lastModified.ShouldBeInRange(before, DateTimeOffset.UtcNow.AddSeconds(5));

        var jobs = new List<Guid> { job.Id };
        for (var i = 0; i < SitemapApp.MaxUrls; i++) jobs.Add((await app.PostJob()).Id);

        var index = await Read("/sitemap.xml");
        index.Name.ShouldBe(Sitemaps + "sitemapindex");
        var files = index.Elements(Sitemaps + "sitemap").Select(s => new Uri(s.Element(Sitemaps + "loc")!.Value).PathAndQuery).ToList();
        files.ShouldBe(["/sitemaps/lists.xml", "/sitemaps/jobs-1.xml", "/sitemaps/jobs-2.xml", "/sitemaps/companies-1.xml", "/sitemaps/projects-1.xml"]);
        var listed = new List<string>();
        foreach (var file in files)
        {
            var part = await Read(file);
            part.Name.ShouldBe(Sitemaps + "urlset");
            Locations(part).Length.ShouldBeLessThanOrEqualTo(SitemapApp.MaxUrls);
            listed.AddRange(Locations(part));
        }
        listed.ShouldBe([.. ListPages, .. jobs.Select(id => $"/jobs/{id}"), $"/companies/{company.Id}", $"/projects/{project.Id}"], ignoreOrder: true);
    }

    [Theory]
    [InlineData("/sitemaps/jobs-3.xml")]
    [InlineData("/sitemaps/jobs-0.xml")]
    [InlineData("/sitemaps/jobs-x.xml")]
    [InlineData("/sitemaps/nothing-1.xml")]
    [InlineData("/sitemaps/lists-1.xml")]
    public async Task a_file_that_is_not_in_the_index_is_a_404(string url) => await app.Send(404, s => s.Get.Url(url));
}
