using Microsoft.Playwright;
using Zumodra.Companies;
using Zumodra.Jobs;
using Zumodra.Projects;
using static Microsoft.Playwright.Assertions;

namespace Zumodra.Tests.Browser;

/// <summary>
/// Listings as long as the API lets them be: unbroken words in every text field and a salary or budget of 28 digits.
/// On a phone no page may scroll sideways (which would also push the filter panel's Apply button off-screen), and
/// "Show on map" must bring the map to where the visitor is, not open a popup far above.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class when_content_is_hostile_on_a_phone(BrowserApp app)
{
    private const int PhoneWidth = 390;

    /// <summary>No thousands separator a browser would break at: "€9,876,543,210,987,654,321,098,765,432".</summary>
    private const decimal Huge = 9_876_543_210_987_654_321_098_765_432m;

    /// <summary>One compound word of <paramref name="length"/> letters, with nowhere to break.</summary>
    private static string Word(int length) =>
        string.Concat(Enumerable.Repeat("Donaudampfschifffahrtsgesellschaft", length / 34 + 1))[..length];

    public static TheoryData<string> Modules => new() { "jobs", "companies", "projects" };

    [Theory, MemberData(nameof(Modules))]
    public async Task no_page_scrolls_sideways_and_the_filters_stay_on_screen(string module)
    {
        var id = await app.Server.PostAsync($"/api/{module}", Hostile(module));
        try
        {
            await using var browser = await app.OpenAsync(null, BrowserApp.Phone());
            var page = browser.Page;

            foreach (var path in new[] { $"/{module}", $"/{module}/map" })
            {
                await browser.GotoAsync(path);
                await Expect(browser.Card(id)).ToBeVisibleAsync();
                await ShouldNotScrollSidewaysAsync(page, path);

                await browser.FiltersButton.ClickAsync();
                await Expect(page.Locator("[data-filters-apply]")).ToBeInViewportAsync(new() { Ratio = 1 });
                await ShouldNotScrollSidewaysAsync(page, $"{path} with the filters open");
                await page.Keyboard.PressAsync("Escape");
            }

            // The map page is the last one: its popup shows the same text.
            await browser.Card(id).GetByRole(AriaRole.Button, new() { Name = "Show on map" }).ClickAsync();
            await Expect(page.Locator(".leaflet-popup")).ToBeInViewportAsync();
            await ShouldNotScrollSidewaysAsync(page, $"/{module}/map with the popup open");

            await browser.GotoAsync($"/{module}/{id}");
            await Expect(page.Locator("h1")).ToHaveTextAsync(Word(200));
            await ShouldNotScrollSidewaysAsync(page, $"/{module}/{id}");
        }
        finally
        {
            await app.Server.AdminAsync(HttpMethod.Delete, $"/api/{module}/{id}");
        }
    }

    [Fact]
    public async Task show_on_map_far_down_the_list_brings_the_map_to_the_visitor()
    {
        await using var browser = await app.OpenAsync("/jobs/map", BrowserApp.Phone());
        var page = browser.Page;
        var sheet = page.Locator("[data-map-frame]");
        var card = page.Locator("[data-results] > [data-id]:has([data-show-on-map])").Nth(10);
        var button = card.GetByRole(AriaRole.Button, new() { Name = "Show on map" });
        var title = (await card.Locator(".card__title").TextContentAsync())!.Trim();

        await button.ClickAsync();

        // The visitor stays where they were in the list; the map comes to them, the item's popup open on it.
        (await page.EvaluateAsync<double>("() => window.scrollY")).ShouldBeGreaterThan(844);
        await Expect(sheet).ToBeInViewportAsync(new() { Ratio = 1 });
        await Expect(page.Locator(".leaflet-popup")).ToContainTextAsync(title);
        await Expect(page.Locator(".leaflet-popup")).ToBeInViewportAsync(new() { Ratio = 1 });
        await Expect(card).ToBeInViewportAsync();
        await ShouldNotScrollSidewaysAsync(page, "/jobs/map with the map sheet open");
        await browser.ScreenshotAsync("jobs-map-phone-sheet");

        // Focus went into the sheet; Escape puts the map back and returns focus to the button.
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Close map" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(sheet).Not.ToBeInViewportAsync();
        await Expect(button).ToBeFocusedAsync();
    }

    private static async Task ShouldNotScrollSidewaysAsync(IPage page, string where) =>
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(PhoneWidth, where);

    private static object Hostile(string module) => module switch
    {
        "jobs" => new JobForm(
            Title: Word(200), Description: Word(300), CompanyId: null, CompanyName: Word(200), Location: Word(200),
            Latitude: 52.52, Longitude: 13.405, Category: Word(100), JobType: "full_time", Remote: true,
            SalaryMin: Huge, SalaryMax: Huge, Currency: "EUR"),
        "companies" => new CompanyForm(
            Name: Word(200), Industry: Word(100), Description: Word(300), Website: "https://example.com/" + Word(300),
            Size: "11-50", Location: Word(200), Latitude: 48.208, Longitude: 16.373),
        _ => new ProjectForm(
            Title: Word(200), Description: Word(300), CompanyId: null, CompanyName: Word(200), Category: Word(100),
            Skills: [Word(50), Word(49)], BudgetMin: Huge, BudgetMax: Huge, Currency: "EUR", Location: Word(200),
            Latitude: 48.208, Longitude: 16.373, Remote: true, Deadline: null),
    };
}
