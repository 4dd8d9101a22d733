using System.Net;
using Alba;

namespace Zumodra.Tests.Jobs;

/// <summary>Browsers get pages in the site's layout for errors; the API keeps ProblemDetails.</summary>
[Collection(JobsCollection.Name)]
public sealed class when_a_page_is_missing_or_past_the_end(JobsApp app)
{
    private const string BrowserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    private Task<IScenarioResult> Get(string url, string accept, int status) => app.Host.Scenario(s =>
    {
        s.Get.Url(url);
        s.WithRequestHeader("Accept", accept);
        s.StatusCodeShouldBe(status);
    });

    [Theory]
    [InlineData("/error/404")]
    [InlineData("/about")]
    [InlineData("/jobs/abc")]
    [InlineData("/jobs/0190a8a4-0000-7000-8000-000000000000/extra")]
    public async Task an_unknown_address_is_a_404_page_in_the_layout_for_a_browser(string url)
    {
        var result = await Get(url, BrowserAccept, 404);

        result.Context.Response.ContentType.ShouldStartWith("text/html");
        var html = await result.ReadAsTextAsync();
        html.ShouldContain("<h1>Page not found</h1>");
        html.ShouldContain("href=\"/jobs\"");
        result.Context.Response.Headers.ContentSecurityPolicy.ToString().ShouldContain("script-src 'self'");
    }

    [Theory]
    [InlineData("/about", "application/json")]
    [InlineData("/api/nothing-here", BrowserAccept)]
    public async Task the_api_and_json_clients_keep_problem_details(string url, string accept)
    {
        var result = await Get(url, accept, 404);

        result.Context.Response.ContentType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task a_page_past_the_last_one_redirects_to_the_last_keeping_the_filters()
    {
        var tag = JobScenarios.NewTag();
        for (var i = 0; i < 3; i++) await app.PostJob(JobScenarios.ATaggedJob(tag, $"Paged Engineer {i}"));

        var result = await Get($"/jobs?search={tag}&pageSize=2&page=999", BrowserAccept, 302);

        result.Context.Response.Headers.Location.ToString().ShouldBe($"/jobs?search={tag}&pageSize=2&page=2");
        await Get($"/jobs?search={tag}&pageSize=2&page=2", BrowserAccept, 200);
        // Nothing matches at all: the first page says so, it does not redirect.
        await Get($"/jobs?search={JobScenarios.NewTag()}&page=3", BrowserAccept, 200);
    }
}
