using Microsoft.Playwright;
using Zumodra.Tests.Browser;
using Zumodra.Tests.Infrastructure;
using Zumodra.Tests.Live;
using static Microsoft.Playwright.Assertions;

namespace Zumodra.Tests.Cluster;

/// <summary>A page served by one node shows live what is written through the other, in a real browser.</summary>
[Collection(ClusterCollection.Name)]
[Trait("Category", "Browser")]
public sealed class when_a_browser_watches_the_other_node(TwoNodes cluster) : IAsyncLifetime
{
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        _browser = await BrowserApp.LaunchChromiumAsync(_playwright);
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }

    [Fact]
    public async Task a_job_posted_through_one_node_appears_on_a_page_of_the_other_and_goes_when_deleted_there()
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = cluster.B.BaseAddress.ToString() });
        // Each request from an address of its own: the cluster's HTTP limit is low (10 a minute per address).
        await context.RouteAsync("**/*", route => route.ContinueAsync(new RouteContinueOptions
        {
            Headers = new Dictionary<string, string>(route.Request.Headers) { ["X-Forwarded-For"] = ClientAddresses.Any() },
        }));
        await using var page = new BrowserPage(context, await context.NewPageAsync());
        await page.GotoAsync("/jobs");
        await page.LiveAsync();

        var posted = (await cluster.A.PostJobAsync(LiveScenarios.AUniqueJob("Posted Through Node A"))).Id;
        await Expect(page.Card(posted)).ToBeVisibleAsync();

        (await cluster.A.SendAsAdminAsync(HttpMethod.Delete, $"/api/jobs/{posted}")).IsSuccessStatusCode.ShouldBeTrue();
        await Expect(page.Card(posted)).ToHaveCountAsync(0);
    }
}
