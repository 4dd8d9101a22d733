using Microsoft.Playwright;
using Zumodra.Tests.Jobs;
using static Microsoft.Playwright.Assertions;

namespace Zumodra.Tests.Browser;

/// <summary>
/// Live changes are keyed: a change touches its own card alone (the others stay the same nodes), and the reader keeps
/// the focus and the scroll position they had, also when their card moves or a card enters above it.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class when_a_change_touches_one_card(BrowserApp app)
{
    private const string MarkCards = "() => document.querySelectorAll('[data-results] > [data-id]').forEach(card => card.dataset.original = '')";
    private const string CardsAreOriginal = "() => [...document.querySelectorAll('[data-results] > [data-id]')].every(card => 'original' in card.dataset)";

    [Fact]
    public async Task the_focused_card_keeps_the_focus_when_it_moves_and_an_edit_of_another_card_redraws_nothing_else()
    {
        var tag = JobScenarios.NewTag();
        var lowForm = AdminApi.AJob($"Low {tag}") with { SalaryMin = 10_000, SalaryMax = 20_000 };
        var low = await app.Server.PostJob(lowForm);
        var midForm = AdminApi.AJob($"Mid {tag}") with { SalaryMin = 30_000, SalaryMax = 40_000 };
        var mid = await app.Server.PostJob(midForm);
        var high = await app.Server.PostJob(AdminApi.AJob($"High {tag}") with { SalaryMin = 50_000, SalaryMax = 60_000 });
        await using var browser = await app.OpenAsync($"/jobs?search={tag}&sort=salary");
        await browser.LiveAsync();
        await Expect(browser.Cards.First).ToHaveAttributeAsync("data-id", high.ToString());
        await browser.Page.EvaluateAsync(MarkCards);
        var lowLink = browser.Card(low).GetByRole(AriaRole.Link, new() { Name = $"Low {tag}", Exact = true });
        await lowLink.FocusAsync();

        // The lowest paid becomes the best paid: its card moves to the top, the focus with it.
        await app.Server.EditJob(low, lowForm with { SalaryMin = 90_000, SalaryMax = 99_000 });
        await Expect(browser.Cards.First).ToHaveAttributeAsync("data-id", low.ToString());
        await Expect(lowLink).ToBeFocusedAsync();

        await app.Server.EditJob(mid, midForm with { Title = $"Middle {tag}" });
        await Expect(browser.Card(mid)).ToContainTextAsync($"Middle {tag}");
        await Expect(lowLink).ToBeFocusedAsync();
        (await browser.Page.EvaluateAsync<bool>(CardsAreOriginal)).ShouldBeTrue("every card is still the node the page drew");
    }

    [Fact]
    public async Task a_job_entering_above_leaves_the_card_the_reader_looks_at_where_it_was()
    {
        await using var browser = await app.OpenAsync("/jobs", BrowserApp.Phone());
        await browser.LiveAsync();
        await Expect(browser.Cards).ToHaveCountAsync(20);
        var watched = browser.Cards.Nth(9);
        var watchedId = (await watched.GetAttributeAsync("data-id"))!;
        await watched.EvaluateAsync("card => window.scrollBy(0, card.getBoundingClientRect().top - 120)");
        var before = await TopOf(browser.Page, watchedId);

        var posted = await app.Server.PostJob(AdminApi.AJob("Scroll Anchor Engineer"));

        await Expect(browser.Cards.First).ToHaveAttributeAsync("data-id", posted.ToString());
        // Once the entrance is over and nothing is leaving.
        await Expect(browser.Cards).ToHaveCountAsync(20);
        await Expect(browser.Page.Locator("[data-results] > .live-enter, [data-results] > [data-leaving]")).ToHaveCountAsync(0);
        (await TopOf(browser.Page, watchedId)).ShouldBe(before, tolerance: 2);
        await app.Server.DeleteJob(posted);
    }

    private static Task<double> TopOf(IPage page, string id) =>
        page.EvaluateAsync<double>($"() => document.querySelector(`[data-results] > [data-id='{id}']`).getBoundingClientRect().top");
}
