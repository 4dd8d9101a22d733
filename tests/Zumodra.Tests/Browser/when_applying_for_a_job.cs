using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Zumodra.Tests.Browser;

/// <summary>A job seeker reaches a job's Apply action on its card and its page, on desktop and on a phone, also for jobs that arrive live.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class when_applying_for_a_job(BrowserApp app)
{
    [Fact]
    public async Task a_job_that_arrives_live_offers_its_apply_link_and_follows_an_edit_to_an_email_address()
    {
        await using var browser = await app.OpenAsync("/jobs");
        await browser.LiveAsync();

        var form = AdminApi.AJob("Live Apply Engineer") with { ApplyUrl = "https://careers.example.com/watcher/1" };
        var posted = await app.Server.PostJob(form);
        var card = browser.Card(posted);
        var apply = card.GetByRole(AriaRole.Link, new() { Name = "Apply for Live Apply Engineer", Exact = true });
        await Expect(apply).ToHaveAttributeAsync("href", "https://careers.example.com/watcher/1");

        await app.Server.EditJob(posted, form with { ApplyUrl = null, ApplyEmail = "jobs@watcher.example.com" });
        var byEmail = card.GetByRole(AriaRole.Link, new() { Name = "Apply by email for Live Apply Engineer", Exact = true });
        await Expect(byEmail).ToHaveAttributeAsync("href", "mailto:jobs@watcher.example.com");
        await Expect(apply).ToBeHiddenAsync();

        await app.Server.DeleteJob(posted);
    }

    [Fact]
    public async Task on_a_phone_the_job_page_shows_its_apply_link_without_scrolling_sideways()
    {
        var posted = await app.Server.PostJob(AdminApi.AJob("Phone Apply Engineer") with { ApplyUrl = "https://careers.example.com/watcher/2" });
        await using var browser = await app.OpenAsync($"/jobs/{posted}", new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true,
        });

        var apply = browser.Page.GetByRole(AriaRole.Link, new() { Name = "Apply for Phone Apply Engineer", Exact = true });
        await Expect(apply).ToBeInViewportAsync();
        await Expect(apply).ToHaveAttributeAsync("href", "https://careers.example.com/watcher/2");
        (await browser.Page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth")).ShouldBeTrue();

        await app.Server.DeleteJob(posted);
    }

    [Fact]
    public async Task a_job_leaves_the_list_by_itself_at_its_closing_date()
    {
        await using var browser = await app.OpenAsync("/jobs");
        await browser.LiveAsync();

        // Far enough ahead to be in the future when the server checks it on a busy machine.
        var posted = await app.Server.PostJob(AdminApi.AJob("Closing Date Engineer") with { ClosesAt = DateTimeOffset.UtcNow.AddSeconds(5) });
        await Expect(browser.Card(posted)).ToBeVisibleAsync();

        // Scheduled messages are picked up every few seconds after they fall due.
        await Expect(browser.Card(posted)).ToHaveCountAsync(0, new() { Timeout = 60_000 });
    }
}
