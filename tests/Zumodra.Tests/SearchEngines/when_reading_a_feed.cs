using System.Net;
using System.ServiceModel.Syndication;
using System.Xml;
using Zumodra.Tests.Companies;
using Zumodra.Tests.Jobs;
using Zumodra.Tests.Projects;

namespace Zumodra.Tests.SearchEngines;

/// <summary>
/// <c>/{module}/feed.atom</c> with a list's filters is valid Atom 1.0 (read back by System.ServiceModel.Syndication): the
/// newest 50 matching listings, linked from the list pages, answered 304 while nothing was written.
/// </summary>
[Collection(CompaniesCollection.Name)]
public sealed class when_reading_a_feed(CompaniesApp app)
{
    private async Task<(SyndicationFeed Feed, string? ETag)> Read(string url)
    {
        var result = await app.Send(200, s => s.Get.Url(url));
        result.Context.Response.ContentType.ShouldBe("application/atom+xml; charset=utf-8");
        using var reader = XmlReader.Create(new StringReader(await result.ReadAsTextAsync()));
        var formatter = new Atom10FeedFormatter();
        formatter.CanRead(reader).ShouldBeTrue();
        formatter.ReadFrom(reader);
        return (formatter.Feed, result.Context.Response.Headers.ETag.ToString());
    }

    private static string Link(SyndicationFeed feed, string relation) =>
        feed.Links.Single(l => l.RelationshipType == relation).Uri.PathAndQuery;

    [Fact]
    public async Task a_jobs_feed_has_the_newest_matching_jobs_and_names_its_list()
    {
        var tag = JobScenarios.NewTag();
        var first = await app.PostJob(JobScenarios.ATaggedJob(tag, "Feed Engineer") with { JobType = "contract", CompanyName = "Feedly AG" });
        var second = await app.PostJob(JobScenarios.ATaggedJob(tag, "Feed Designer") with { JobType = "contract" });
        await app.PostJob(JobScenarios.ATaggedJob(tag, "Full-timer"));
        await app.PostJob(JobScenarios.AJob("Untagged"));

        // The page, size and sort of a list do not change its feed.
        var (feed, _) = await Read($"/jobs/feed.atom?search={tag}&type=contract&page=3&pageSize=1&sort=salary");

        feed.Title.Text.ShouldBe($"Jobs (Search: {tag}, Job type: Contract) · Zumodra");
        Link(feed, "self").ShouldBe($"/jobs/feed.atom?search={tag}&type=contract");
        Link(feed, "alternate").ShouldBe($"/jobs?search={tag}&type=contract");
        feed.Items.Select(i => i.Id).ShouldBe([$"urn:uuid:{second.Id}", $"urn:uuid:{first.Id}"]);
        var entry = feed.Items.Last();
        entry.Title.Text.ShouldBe($"Feed Engineer {tag} at Feedly AG, Berlin, Germany");
        entry.Summary.Text.ShouldBe("Build APIs in C# with a friendly team.");
        entry.Links.Single().Uri.ShouldBe(new Uri($"http://localhost/jobs/{first.Id}"));
        entry.PublishDate.ShouldBeInRange(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        feed.LastUpdatedTime.ShouldBe(feed.Items.Max(i => i.LastUpdatedTime));
    }

    [Fact]
    public async Task a_feed_holds_the_newest_fifty()
    {
        var tag = JobScenarios.NewTag();
        var posted = new List<Guid>();
        for (var i = 0; i < 51; i++) posted.Add((await app.PostJob(JobScenarios.ATaggedJob(tag))).Id);

        var (feed, _) = await Read($"/jobs/feed.atom?search={tag}");

        feed.Items.Select(i => i.Id).ShouldBe(posted.Skip(1).Reverse().Select(id => $"urn:uuid:{id}"));
    }

    [Fact]
    public async Task a_reader_asking_again_gets_304_until_something_is_written()
    {
        var tag = JobScenarios.NewTag();
        await app.PostJob(JobScenarios.ATaggedJob(tag));
        var url = $"/jobs/feed.atom?search={tag}";
        var (_, etag) = await Read(url);
        etag.ShouldNotBeNullOrEmpty();

        await app.Send(304, s =>
        {
            s.Get.Url(url);
            s.WithRequestHeader("If-None-Match", etag!);
        });
        var later = await app.PostJob(JobScenarios.ATaggedJob(tag, "Later"));
        var (feed, newer) = await Read(url);
        newer.ShouldNotBe(etag);
        feed.Items.First().Id.ShouldBe($"urn:uuid:{later.Id}");
    }

    [Fact]
    public async Task company_and_project_feeds_are_atom_too()
    {
        var company = await app.RegisterCompany(CompanyScenarios.ACompany(CompanyScenarios.Unique("Feedable")) with { Industry = "Software" });
        var project = await app.PublishProject(ProjectScenarios.AProject(JobScenarios.NewTag()));

        var (companies, _) = await Read("/companies/feed.atom?industry=Software");
        companies.Title.Text.ShouldBe("Companies (Industry: Software) · Zumodra");
        companies.Items.First().Id.ShouldBe($"urn:uuid:{company.Id}");

        var (projects, _) = await Read("/projects/feed.atom");
        projects.Items.First().Id.ShouldBe($"urn:uuid:{project.Id}");
        projects.Items.First().Links.Single().Uri.ShouldBe(new Uri($"http://localhost/projects/{project.Id}"));
    }

    [Theory]
    [InlineData("/jobs/feed.atom?remote=maybe", "remote")]
    [InlineData("/companies/feed.atom?industry=a%00b", "industry")]
    [InlineData("/projects/feed.atom?budgetMin=lots", "budgetMin")]
    public async Task a_wrong_filter_is_the_browse_apis_400(string url, string field)
    {
        var problem = await (await app.Send(400, s => s.Get.Url(url))).ReadProblem();

        problem.ErrorFields.ShouldBe([field]);
    }

    [Fact]
    public async Task list_and_map_pages_link_to_the_feed_of_their_filters()
    {
        var html = WebUtility.HtmlDecode(await (await app.Send(200, s => s.Get.Url("/jobs?search=rust&sort=salary&page=1"))).ReadAsTextAsync());
        html.ShouldContain("""<link rel="alternate" type="application/atom+xml" title="Jobs (Atom feed)" href="/jobs/feed.atom?search=rust">""");

        var map = WebUtility.HtmlDecode(await (await app.Send(200, s => s.Get.Url("/projects/map"))).ReadAsTextAsync());
        map.ShouldContain("""href="/projects/feed.atom">""");
    }
}
