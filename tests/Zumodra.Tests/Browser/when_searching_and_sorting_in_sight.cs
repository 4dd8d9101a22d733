using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Zumodra.Tests.Browser;

/// <summary>
/// A job seeker searches and sorts without opening anything, on desktop and on a phone; every filter in the address
/// shows in a control and as a removable chip, Apply sends the address the page came from, Back and Forward show what
/// their address holds, and a detail page leads back to the list it came from.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class when_searching_and_sorting_in_sight(BrowserApp app)
{
    [Theory]
    [InlineData("/jobs", false)]
    [InlineData("/jobs/map", false)]
    [InlineData("/jobs", true)]
    [InlineData("/jobs/map", true)]
    public async Task the_search_box_and_the_sort_are_in_sight_and_a_new_sort_shows_the_order_the_api_gives(string path, bool onAPhone)
    {
        await using var browser = await app.OpenAsync(path, onAPhone ? BrowserApp.Phone() : null);
        var page = browser.Page;
        var search = page.GetByRole(AriaRole.Searchbox, new() { Name = "Search jobs" });
        var sort = page.GetByLabel("Sort by");
        await Expect(search).ToBeInViewportAsync(new() { Ratio = 1 });
        await Expect(sort).ToBeInViewportAsync(new() { Ratio = 1 });

        await search.FillAsync("engineer");
        await sort.SelectOptionAsync(new SelectOptionValue { Label = "Highest salary" });

        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(path + "?search=engineer&sort=salary") + "$"));
        await Expect(sort).ToHaveValueAsync("salary");
        var expected = await app.Server.IdsAsync("/api/jobs?search=engineer&sort=salary&pageSize=20");
        expected.Count.ShouldBeGreaterThan(1);
        await Expect(browser.Cards).ToHaveCountAsync(expected.Count);
        (await browser.CardIdsAsync()).ShouldBe(expected);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Search: engineer (remove)" })).ToBeVisibleAsync();
    }

    [Theory]
    [InlineData("/jobs?search=engineer&category=Engineering&type=full_time&type=contract&remote=false&sort=salary&pageSize=10")]
    [InlineData("/projects?budgetMin=1000&budgetMax=50000&remote=true&sort=budget")]
    public async Task every_parameter_shows_in_a_control_and_apply_sends_the_same_address(string address)
    {
        await using var browser = await app.OpenAsync(address);
        var page = browser.Page;
        var query = QueryHelpers.ParseQuery(new Uri("http://x" + address).Query);

        await Expect(page.GetByLabel("Workplace")).ToHaveValueAsync(query["remote"].ToString());
        await Expect(page.GetByLabel("Sort by")).ToHaveValueAsync(query["sort"].ToString());
        var chips = page.Locator("[data-chip]");
        await Expect(chips.Filter(new() { HasText = query["remote"] == "true" ? "Workplace: Remote" : "Workplace: On-site" })).ToHaveCountAsync(1);
        if (query.ContainsKey("budgetMin"))
        {
            await Expect(page.GetByLabel("From", new() { Exact = true })).ToHaveValueAsync("1000");
            await Expect(page.GetByLabel("To", new() { Exact = true })).ToHaveValueAsync("50000");
            await Expect(chips).ToHaveTextAsync(["Workplace: Remote (remove)×", "Budget from 1000 (remove)×", "Budget up to 50000 (remove)×"]);
        }
        else
        {
            await Expect(page.GetByLabel("Full-time")).ToBeCheckedAsync();
            await Expect(page.GetByLabel("Contract")).ToBeCheckedAsync();
            await Expect(chips).ToHaveCountAsync(5);
        }

        await browser.FiltersButton.ClickAsync();
        var apply = page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Apply" });
        await page.RunAndWaitForResponseAsync(() => apply.ClickAsync(), response => response.Request.IsNavigationRequest);

        Parameters(page.Url).ShouldBe(Parameters(app.Server.BaseAddress + address.TrimStart('/')), ignoreOrder: true);
    }

    [Fact]
    public async Task a_chip_takes_its_one_filter_away_and_keeps_the_sort()
    {
        await using var browser = await app.OpenAsync("/jobs?category=Engineering&type=full_time,contract&sort=salary");
        var page = browser.Page;

        await page.GetByRole(AriaRole.Link, new() { Name = "Job type: Contract (remove)" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape("/jobs?category=Engineering&type=full_time&sort=salary") + "$"));
        await Expect(page.GetByLabel("Contract")).Not.ToBeCheckedAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Clear all" }).First.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape("/jobs?sort=salary") + "$"));
        await Expect(page.Locator("[data-chip]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task back_and_forward_show_the_filters_their_address_holds()
    {
        await using var browser = await app.OpenAsync("/jobs?category=Engineering");
        var page = browser.Page;
        var category = page.GetByLabel("Category");

        await browser.FiltersButton.ClickAsync();
        await category.SelectOptionAsync("Design");
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("category=Design$"));

        // A choice made but never applied is not what the address holds either.
        await browser.FiltersButton.ClickAsync();
        await category.SelectOptionAsync("Engineering");
        await page.Keyboard.PressAsync("Escape");

        await page.GoBackAsync();
        await Expect(page).ToHaveURLAsync(new Regex("category=Engineering$"));
        await Expect(category).ToHaveValueAsync("Engineering");
        await page.GoForwardAsync();
        await Expect(page).ToHaveURLAsync(new Regex("category=Design$"));
        await Expect(category).ToHaveValueAsync("Design");
    }

    [Fact]
    public async Task a_detail_page_leads_back_to_the_list_page_it_came_from()
    {
        const string list = "/jobs?remote=false&sort=salary&page=2";
        await using var browser = await app.OpenAsync(list);
        var page = browser.Page;

        await browser.Cards.First.Locator(".card__title a").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/jobs/[0-9a-f-]{36}$"));
        var back = page.GetByRole(AriaRole.Link, new() { Name = "← All jobs" });
        await Expect(back).ToHaveAttributeAsync("href", list);

        await back.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(list) + "$"));

        await using var direct = await app.OpenAsync($"/jobs/{await browser.Cards.First.GetAttributeAsync("data-id")}");
        await Expect(direct.Page.GetByRole(AriaRole.Link, new() { Name = "← All jobs" })).ToHaveAttributeAsync("href", "/jobs");
    }

    [Fact]
    public async Task a_list_sorted_by_salary_takes_a_live_job_in_its_place()
    {
        await using var browser = await app.OpenAsync("/jobs?sort=salary");
        await browser.LiveAsync();

        var posted = await app.Server.PostJob(AdminApi.AJob("Best Paid Live Engineer") with { SalaryMin = 900_000, SalaryMax = 990_000 });

        await Expect(browser.Cards.First).ToHaveAttributeAsync("data-id", posted.ToString());
        await app.Server.DeleteJob(posted);
        await Expect(browser.Card(posted)).ToHaveCountAsync(0);
    }

    private static List<string> Parameters(string url) =>
        [.. QueryHelpers.ParseQuery(new Uri(url).Query).SelectMany(p => p.Value.Select(v => $"{p.Key}={v}"))];
}
