using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Zumodra.Tests.Browser;

[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class when_browsing_the_job_pages(BrowserApp app)
{
    [Fact]
    public async Task the_list_shows_the_demo_jobs_with_count_filters_and_pagination()
    {
        await using var browser = await app.OpenAsync("/jobs");
        var page = browser.Page;

        await Expect(browser.Cards).ToHaveCountAsync(20);
        (await browser.DisplayedCountAsync()).ShouldBe(await app.Server.TotalAsync("/api/jobs"));
        await Expect(page.Locator(".pagination [aria-current=page]")).ToHaveTextAsync("1");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Filters", Exact = true })).ToBeVisibleAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Jobs");
        await browser.LiveAsync();
        await browser.ScreenshotAsync("jobs", forReadme: true);
    }

    [Fact]
    public async Task the_first_response_already_holds_the_results_filters_and_pagination()
    {
        var html = await app.Server.Http.GetStringAsync("/jobs?category=Engineering&page=2");

        html.ShouldContain("data-results");
        html.ShouldContain("class=\"card-item\"");
        html.ShouldContain("<form id=\"filters-form\" class=\"filters__form\" method=\"get\" action=\"/jobs\" autocomplete=\"off\">");
        html.ShouldContain("href=\"/jobs?category=Engineering&amp;page=3\"");
        // The event sequence the data is current to, from which the live subscription replays.
        long.Parse(System.Text.RegularExpressions.Regex.Match(html, "\"afterSequence\":(\\d+)").Groups[1].Value).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task pages_are_links_that_keep_the_filters()
    {
        await using var browser = await app.OpenAsync("/jobs?category=Engineering&remote=false");
        var page = browser.Page;
        var firstOnPage1 = await browser.Cards.First.GetAttributeAsync("data-id");

        await page.Locator(".pagination").GetByRole(AriaRole.Link, new() { Name = "Page 2" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/jobs\?category=Engineering&remote=false&page=2$"));
        await Expect(page.Locator(".pagination [aria-current=page]")).ToHaveTextAsync("2");
        (await browser.Cards.First.GetAttributeAsync("data-id")).ShouldNotBe(firstOnPage1);
        (await browser.DisplayedCountAsync()).ShouldBe(await app.Server.TotalAsync("/api/jobs?category=Engineering&remote=false"));

        await page.GetByRole(AriaRole.Link, new() { Name = "Next ›" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"category=Engineering&remote=false&page=3$"));
        await page.GetByRole(AriaRole.Link, new() { Name = "‹ Previous" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"category=Engineering&remote=false&page=2$"));
    }

    [Fact]
    public async Task the_filter_sidebar_opens_traps_focus_and_closes_on_escape_and_backdrop()
    {
        await using var browser = await app.OpenAsync("/jobs");
        var page = browser.Page;
        var opener = page.GetByRole(AriaRole.Button, new() { Name = "Filters", Exact = true });
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Filters", Exact = true });

        await opener.ClickAsync();
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(opener).ToHaveAttributeAsync("aria-expanded", "true");
        await Expect(page.GetByLabel("Location")).ToBeFocusedAsync();
        for (var i = 0; i < 15; i++)
        {
            await page.Keyboard.PressAsync(i % 4 == 3 ? "Shift+Tab" : "Tab");
            (await page.EvaluateAsync<bool>("() => document.getElementById('filters').contains(document.activeElement)")).ShouldBeTrue("focus left the open sidebar");
        }

        await page.Keyboard.PressAsync("Escape");
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(page.Locator("#filters")).Not.ToBeInViewportAsync();
        await Expect(opener).ToBeFocusedAsync();
        await Expect(opener).ToHaveAttributeAsync("aria-expanded", "false");

        await opener.ClickAsync();
        await Expect(dialog).ToBeVisibleAsync();
        await page.Mouse.ClickAsync(100, 400);
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(opener).ToBeFocusedAsync();
    }

    [Fact]
    public async Task applying_filters_narrows_the_results_and_clear_all_removes_them()
    {
        await using var browser = await app.OpenAsync("/jobs?page=3");
        var page = browser.Page;

        await page.GetByLabel("Search jobs").FillAsync("engineer");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filters", Exact = true }).ClickAsync();
        await page.GetByLabel("Category").SelectOptionAsync("Engineering");
        await page.GetByLabel("Full-time").CheckAsync();
        await page.GetByLabel("Contract").CheckAsync();
        await page.GetByLabel("Workplace").SelectOptionAsync("true");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();

        const string query = "?search=engineer&category=Engineering&type=full_time&type=contract&remote=true";
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(System.Text.RegularExpressions.Regex.Escape(query) + "$"));
        var total = await app.Server.TotalAsync("/api/jobs" + query);
        total.ShouldBeGreaterThan(0);
        (await browser.DisplayedCountAsync()).ShouldBe(total);
        await Expect(browser.Cards).ToHaveCountAsync((int)Math.Min(total, 20));
        foreach (var card in await browser.Cards.AllAsync())
        {
            await Expect(card.Locator(".tag--remote")).ToBeVisibleAsync();
            await Expect(card.Locator(".tag--type")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^(Full-time|Contract)$"));
        }
        await Expect(browser.FiltersButton).ToHaveAccessibleNameAsync("Filters 5 active");

        await browser.FiltersButton.ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Link, new() { Name = "Clear all" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/jobs$"));
        (await browser.DisplayedCountAsync()).ShouldBe(await app.Server.TotalAsync("/api/jobs"));
    }

    [Fact]
    public async Task everything_works_without_javascript()
    {
        await using var browser = await app.OpenAsync("/jobs", new() { JavaScriptEnabled = false });
        var page = browser.Page;

        await Expect(browser.Cards).ToHaveCountAsync(20);
        await Expect(page.Locator("#filters")).ToBeVisibleAsync();
        await page.GetByLabel("Location").SelectOptionAsync("Berlin, Germany");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"location=Berlin%2C\+Germany"));
        var total = await app.Server.TotalAsync("/api/jobs?location=Berlin%2C%20Germany");
        (await browser.DisplayedCountAsync()).ShouldBe(total);
        await Expect(browser.Cards.First.Locator(".card__place")).ToHaveTextAsync("Berlin, Germany");

        await page.GotoAsync("/jobs/map?category=Design");
        await Expect(browser.Cards.First).ToBeVisibleAsync();
        await Expect(page.Locator(".map-panel__note").First).ToContainTextAsync("needs JavaScript");
        await page.GetByRole(AriaRole.Link, new() { Name = "List" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/jobs\?category=Design$"));
        await browser.ScreenshotAsync("jobs-without-javascript");
    }

    [Fact]
    public async Task the_map_shows_a_marker_per_job_over_country_outlines_when_tiles_fail_and_the_list_beside_it()
    {
        await using var browser = await app.OpenAsync("/jobs/map");
        var page = browser.Page;

        await Expect(browser.Map).ToHaveAttributeAsync("data-markers", (await app.Server.TotalAsync("/api/jobs")).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(page.Locator(".map-cluster").First).ToBeVisibleAsync();
        await Expect(browser.Cards).ToHaveCountAsync(20);
        await Expect(page.Locator("[data-map-notice]")).ToContainTextAsync("tiles could not be loaded");
        // The tiles' stand-in: every country of Natural Earth's 1:110m outlines, beneath the markers.
        await Expect(page.Locator(".map--outlines path.map-country")).ToHaveCountAsync(177);
        await browser.LiveAsync();
        await browser.ScreenshotAsync("jobs-map", forReadme: true);

        var first = browser.Cards.First;
        var title = await first.Locator(".card__title").TextContentAsync();
        await first.GetByRole(AriaRole.Button, new() { Name = "Show on map" }).ClickAsync();
        var popup = page.Locator(".leaflet-popup");
        await Expect(popup).ToContainTextAsync(title!);
        await Expect(popup.GetByRole(AriaRole.Link, new() { Name = title })).ToHaveAttributeAsync("href", $"/jobs/{await first.GetAttributeAsync("data-id")}");
        await Expect(first).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("is-selected"));
    }

    [Fact]
    public async Task a_job_page_carries_its_details_and_schema_org_job_posting()
    {
        await using var browser = await app.OpenAsync("/jobs");
        var page = browser.Page;
        var first = browser.Cards.First;
        var title = (await first.Locator(".card__title").TextContentAsync())!.Trim();

        var link = first.Locator(".card__title a");
        var href = await link.GetAttributeAsync("href");
        await link.ClickAsync();
        await page.WaitForURLAsync($"**{href}");

        await Expect(page.Locator("h1")).ToHaveTextAsync(title);
        var jsonLd = await page.Locator("script[type='application/ld+json']").TextContentAsync();
        using var posting = JsonDocument.Parse(jsonLd!);
        posting.RootElement.GetProperty("@type").GetString().ShouldBe("JobPosting");
        posting.RootElement.GetProperty("title").GetString().ShouldBe(title);
        posting.RootElement.GetProperty("hiringOrganization").GetProperty("name").GetString().ShouldNotBeNullOrEmpty();
        posting.RootElement.GetProperty("datePosted").GetString().ShouldNotBeNullOrEmpty();
        await browser.ScreenshotAsync("job-detail");

        var missing = await page.GotoAsync($"/jobs/{Guid.NewGuid()}");
        missing!.Status.ShouldBe(404);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Job not found");
    }

    [Fact]
    public async Task the_pages_fit_a_phone()
    {
        await using var browser = await app.OpenAsync("/jobs", BrowserApp.Phone());
        var page = browser.Page;

        await Expect(browser.Cards.First).ToBeVisibleAsync();
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);
        await browser.LiveAsync();
        await browser.ScreenshotAsync("jobs-phone");

        await page.GetByRole(AriaRole.Button, new() { Name = "Filters", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog, new() { Name = "Filters", Exact = true })).ToBeInViewportAsync(new() { Ratio = 1 });
        await browser.ScreenshotAsync("jobs-phone-filters");

        await page.GotoAsync("/jobs/map");
        await Expect(browser.Map).ToBeVisibleAsync();
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);
        await browser.ScreenshotAsync("jobs-map-phone");
    }
}
