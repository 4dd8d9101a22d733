using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Zumodra.Tests.Browser;

[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class when_browsing_companies_and_projects(BrowserApp app)
{
    public static TheoryData<string, string, string> Pages => new()
    {
        // page, browse API, the drop-down the sidebar test picks from
        { "/companies", "/api/companies", "Industry" },
        { "/companies/map", "/api/companies", "Industry" },
        { "/projects", "/api/projects", "Category" },
        { "/projects/map", "/api/projects", "Category" },
    };

    [Theory, MemberData(nameof(Pages))]
    public async Task each_page_shows_the_demo_data_with_pagination_and_a_working_filter_sidebar(string path, string api, string dropDown)
    {
        await using var browser = await app.OpenAsync(path);
        var page = browser.Page;
        var total = await app.Server.TotalAsync(api);

        await Expect(browser.Cards.First).ToBeVisibleAsync();
        (await browser.DisplayedCountAsync()).ShouldBe(total);
        await Expect(page.Locator(".pagination [aria-current=page]")).ToHaveTextAsync("1");
        if (path.EndsWith("/map", StringComparison.Ordinal))
            await Expect(browser.Map).ToHaveAttributeAsync("data-markers", (await app.Server.FeaturesAsync(api + "/map")).ToString(CultureInfo.InvariantCulture));
        await browser.LiveAsync();
        await browser.ScreenshotAsync(path.Trim('/').Replace('/', '-'));

        await page.Locator(".pagination").GetByRole(AriaRole.Link, new() { Name = "Page 2" }).ClickAsync();
        await Expect(page.Locator(".pagination [aria-current=page]")).ToHaveTextAsync("2");

        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Filters" });
        await browser.FiltersButton.ClickAsync();
        await Expect(dialog).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(browser.FiltersButton).ToBeFocusedAsync();
        await browser.FiltersButton.ClickAsync();
        await page.Mouse.ClickAsync(100, 400);
        await Expect(dialog).ToHaveCountAsync(0);

        await browser.FiltersButton.ClickAsync();
        var choice = await page.GetByLabel(dropDown).Locator("option").Nth(1).GetAttributeAsync("value");
        await page.GetByLabel(dropDown).SelectOptionAsync(choice!);
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        var parameter = dropDown.ToLowerInvariant();
        await Expect(page).ToHaveURLAsync(new Regex($@"{Regex.Escape(path)}\?{parameter}=[^&]+$"));
        (await browser.DisplayedCountAsync()).ShouldBe(await app.Server.TotalAsync($"{api}?{parameter}={Uri.EscapeDataString(choice!)}"));

        await browser.FiltersButton.ClickAsync();
        await dialog.GetByRole(AriaRole.Link, new() { Name = "Clear all" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"{Regex.Escape(path)}$"));
        (await browser.DisplayedCountAsync()).ShouldBe(total);
    }

    [Fact]
    public async Task the_companies_map_follows_companies_as_they_are_registered_edited_and_deleted()
    {
        await using var browser = await app.OpenAsync("/companies/map");
        await browser.LiveAsync();
        await browser.RecordAnimationsAsync();
        var markers = int.Parse((await browser.Map.GetAttributeAsync("data-markers"))!, CultureInfo.InvariantCulture);
        var before = await browser.DisplayedCountAsync();

        var company = await app.Server.PostAsync("/api/companies", AdminApi.ACompany("Live Robotics"));
        var card = browser.Card(company);
        await Expect(browser.Cards.First).ToHaveAttributeAsync("data-id", company.ToString());
        await Expect(card.Locator(".card__title")).ToHaveTextAsync("Live Robotics");
        await Expect(card.Locator(".card__money")).ToHaveTextAsync("0 open jobs");
        await Expect(browser.Map).ToHaveAttributeAsync("data-markers", (markers + 1).ToString(CultureInfo.InvariantCulture));
        await Expect(browser.Count).ToHaveTextAsync((before + 1).ToString(CultureInfo.InvariantCulture));

        await app.Server.AdminAsync(HttpMethod.Put, $"/api/companies/{company}", AdminApi.ACompany("Live Robotics Group", latitude: 47.377, longitude: 8.541));
        await Expect(card.Locator(".card__title")).ToHaveTextAsync("Live Robotics Group");
        await card.GetByRole(AriaRole.Button, new() { Name = "Show on map" }).ClickAsync();
        await Expect(browser.Page.Locator(".leaflet-popup")).ToContainTextAsync("Live Robotics Group");

        await app.Server.AdminAsync(HttpMethod.Delete, $"/api/companies/{company}");
        await Expect(card).ToHaveCountAsync(0);
        await Expect(browser.Map).ToHaveAttributeAsync("data-markers", markers.ToString(CultureInfo.InvariantCulture));
        await Expect(browser.Count).ToHaveTextAsync(before.ToString(CultureInfo.InvariantCulture));
        (await browser.AnimationsAsync(company)).ShouldBe(["live-enter", "live-pulse", "live-leave"]);
    }

    [Fact]
    public async Task a_filtered_projects_page_shows_only_the_projects_that_match()
    {
        await using var browser = await app.OpenAsync("/projects?category=Design");
        await browser.LiveAsync();
        await browser.RecordAnimationsAsync();

        var other = await app.Server.PostAsync("/api/projects", AdminApi.AProject("Live copywriting", category: "Marketing"));
        var matching = await app.Server.PostAsync("/api/projects", AdminApi.AProject("Live logo design"));

        await Expect(browser.Card(matching).Locator(".card__title")).ToHaveTextAsync("Live logo design");
        await Expect(browser.Card(other)).ToHaveCountAsync(0);
        await Expect(browser.Card(matching).Locator(".card__skills")).ToHaveTextAsync("Figma, UX Design");
        await Expect(browser.Count).ToHaveTextAsync((await app.Server.TotalAsync("/api/projects?category=Design")).ToString(CultureInfo.InvariantCulture));

        await app.Server.AdminAsync(HttpMethod.Put, $"/api/projects/{matching}", AdminApi.AProject("Live logo and brand design"));
        await Expect(browser.Card(matching).Locator(".card__title")).ToHaveTextAsync("Live logo and brand design");
        await app.Server.AdminAsync(HttpMethod.Delete, $"/api/projects/{matching}");
        await Expect(browser.Card(matching)).ToHaveCountAsync(0);
        (await browser.AnimationsAsync(matching)).ShouldBe(["live-enter", "live-pulse", "live-leave"]);
        await app.Server.AdminAsync(HttpMethod.Delete, $"/api/projects/{other}");
    }

    [Fact]
    public async Task the_projects_map_centres_on_the_visitor_with_near_me()
    {
        await using var browser = await app.OpenAsync("/projects/map", new BrowserNewContextOptions
        {
            Geolocation = new Geolocation { Latitude = 48.208f, Longitude = 16.373f },
            Permissions = ["geolocation"],
        });
        var page = browser.Page;

        await page.GetByRole(AriaRole.Button, new() { Name = "Near me" }).ClickAsync();

        await Expect(page.Locator("[data-map-notice]")).ToHaveTextAsync("Centred on your position.");
        await Expect(page.Locator("path.map-here")).ToHaveCountAsync(1);
        await browser.LiveAsync();
        await browser.ScreenshotAsync("projects-map-near-me");
    }

    [Fact]
    public async Task detail_pages_show_one_company_and_one_project()
    {
        await using var browser = await app.OpenAsync("/companies");
        var page = browser.Page;

        var company = (await browser.Cards.First.Locator(".card__title").TextContentAsync())!.Trim();
        await browser.Cards.First.Locator(".card__title a").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync(company);
        await Expect(page.Locator(".facts a[href^='https://']")).ToBeVisibleAsync();
        await browser.ScreenshotAsync("company-detail");

        await page.GotoAsync("/projects");
        var project = (await browser.Cards.First.Locator(".card__title").TextContentAsync())!.Trim();
        await browser.Cards.First.Locator(".card__title a").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync(project);
        await browser.ScreenshotAsync("project-detail");

        (await page.GotoAsync($"/companies/{Guid.NewGuid()}"))!.Status.ShouldBe(404);
        (await page.GotoAsync($"/projects/{Guid.NewGuid()}"))!.Status.ShouldBe(404);
    }
}
