using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Zumodra.Tests.Jobs;
using static Microsoft.Playwright.Assertions;

namespace Zumodra.Tests.Browser;

/// <summary>
/// Infinite scroll over the pagination: "Show more" adds the next page's cards, then nearing the end adds the one after;
/// the address and the page links follow, and live changes keep the pages shown exactly as the browse API has them.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class when_showing_more(BrowserApp app)
{
    [Fact]
    public async Task show_more_adds_the_next_page_scrolling_adds_the_one_after_and_the_address_follows()
    {
        var tag = await PostJobsAsync(25);
        await using var browser = await app.OpenAsync($"/jobs?search={tag}&pageSize=10");
        var page = browser.Page;
        var more = page.GetByRole(AriaRole.Button, new() { Name = "Show more" });
        await Expect(browser.Cards).ToHaveCountAsync(10);

        await more.ClickAsync();

        await Expect(browser.Cards).ToHaveCountAsync(20);
        await Expect(page).ToHaveURLAsync(new Regex($"/jobs\\?search={tag}&pageSize=10&page=2$"));
        await Expect(page.Locator(".pagination [aria-current=page]")).ToHaveTextAsync("2");
        (await browser.CardIdsAsync()).ShouldBe(await app.Server.IdsAsync($"/api/jobs?search={tag}&pageSize=20"));

        await page.EvaluateAsync("() => window.scrollTo(0, document.body.scrollHeight)");

        await Expect(browser.Cards).ToHaveCountAsync(25);
        await Expect(page).ToHaveURLAsync(new Regex("&page=3$"));
        await Expect(more).ToBeHiddenAsync();
        (await browser.CardIdsAsync()).ShouldBe(await app.Server.IdsAsync($"/api/jobs?search={tag}&pageSize=25"));
    }

    [Fact]
    public async Task a_deletion_and_a_new_job_keep_the_pages_shown_as_the_api_has_them()
    {
        var tag = await PostJobsAsync(25);
        await using var browser = await app.OpenAsync($"/jobs?search={tag}&pageSize=10");
        await browser.LiveAsync();
        await browser.Page.GetByRole(AriaRole.Button, new() { Name = "Show more" }).ClickAsync();
        await Expect(browser.Cards).ToHaveCountAsync(20);

        // The fifteenth leaves; the twenty-first, from the page not shown, fills the gap.
        var fifteenth = (await app.Server.IdsAsync($"/api/jobs?search={tag}&pageSize=20"))[14];
        await app.Server.DeleteJob(Guid.Parse(fifteenth));
        await Expect(browser.Card(Guid.Parse(fifteenth))).ToHaveCountAsync(0);
        var expected = await app.Server.IdsAsync($"/api/jobs?search={tag}&pageSize=20");
        await Expect(browser.Cards.Last).ToHaveAttributeAsync("data-id", expected[^1]);
        (await browser.CardIdsAsync()).ShouldBe(expected);

        var posted = await app.Server.PostJob(AdminApi.AJob($"Pager new {tag}"));
        await Expect(browser.Cards.First).ToHaveAttributeAsync("data-id", posted.ToString());
        await Expect(browser.Cards).ToHaveCountAsync(20);
        (await browser.CardIdsAsync()).ShouldBe(await app.Server.IdsAsync($"/api/jobs?search={tag}&pageSize=20"));
    }

    /// <summary>Posts <paramref name="count"/> jobs that only a search for the returned word finds.</summary>
    private async Task<string> PostJobsAsync(int count)
    {
        var tag = JobScenarios.NewTag();
        for (var i = 0; i < count; i++) await app.Server.PostJob(AdminApi.AJob($"Pager {i:00} {tag}"));
        return tag;
    }
}
