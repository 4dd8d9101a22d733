using static Microsoft.Playwright.Assertions;

namespace Zumodra.Tests.Browser;

/// <summary>The admin page in a real browser: sign in with a token, rebuild a projection with its progress bar, follow the event feed.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class when_rebuilding_from_the_admin_page(BrowserApp app)
{
    [Fact]
    public async Task the_rebuild_button_shows_the_progress_until_the_rebuild_completes()
    {
        await using var browser = await app.SignedInAdminAsync();
        var row = browser.Page.Locator("[data-projection='JobBrowseItem']");
        await Expect(row.Locator("[data-projection-state]")).ToHaveTextAsync("current");

        await row.Locator("[data-rebuild]").ClickAsync();

        await Expect(row.Locator("[data-progress]")).ToBeVisibleAsync();
        await Expect(row.Locator("[data-progress-text]")).ToContainTextAsync("Completed", new() { Timeout = 60_000 });
        (await row.Locator("[data-progress-bar]").EvaluateAsync<double>("bar => bar.value")).ShouldBe(100);
        await Expect(row.Locator("[data-rebuild]")).ToBeEnabledAsync();
        await Expect(row.Locator("[data-projection-state]")).ToHaveTextAsync("current");
        await browser.ScreenshotAsync("admin", forReadme: true);
    }

    [Fact]
    public async Task the_event_feed_shows_new_events_as_they_are_written()
    {
        await using var browser = await app.SignedInAdminAsync();

        var id = await app.Server.PostJob(AdminApi.AJob("Feed Watcher"));

        var row = browser.Page.Locator($"[data-feed-rows] tr:has(a[href='/admin/streams/{id}'])");
        await Expect(row).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(row).ToContainTextAsync("JobPosted");
        await Expect(row).ToContainTextAsync("admin");

        await row.Locator("a").ClickAsync();
        await Expect(browser.Page.Locator("[data-timeline] [data-event-type]")).ToHaveTextAsync(["JobPosted"]);
        await Expect(browser.Page.Locator("[data-change='created'][data-projection='JobBrowseItem']")).ToBeVisibleAsync();
    }
}
