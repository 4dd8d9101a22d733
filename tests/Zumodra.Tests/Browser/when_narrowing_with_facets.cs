using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Zumodra.Tests.Jobs;
using static Microsoft.Playwright.Assertions;

namespace Zumodra.Tests.Browser;

/// <summary>
/// A job seeker finds a job by search, sorts, narrows it with facets whose counts are exactly what the list then shows,
/// opens it and reaches its Apply link, on desktop and on a phone; the counts follow the list when it changes live.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class when_narrowing_with_facets(BrowserApp app)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task a_visitor_searches_sorts_narrows_with_exact_counts_opens_the_job_and_reaches_apply(bool onAPhone)
    {
        var tag = JobScenarios.NewTag();
        var chef = await app.Server.PostJob(AdminApi.AJob($"Chef {tag}", jobType: "contract") with
        {
            SalaryMin = 50_000, SalaryMax = 60_000, ApplyUrl = "https://careers.example.com/facets/chef",
        });
        var cook = await app.Server.PostJob(AdminApi.AJob($"Cook {tag}", jobType: "contract") with { SalaryMin = 80_000, SalaryMax = 95_000 });
        await app.Server.PostJob(AdminApi.AJob($"Baker {tag}") with { Remote = true });
        await using var browser = await app.OpenAsync("/jobs", onAPhone ? BrowserApp.Phone() : null);
        var page = browser.Page;

        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search jobs" }).FillAsync(tag);
        await page.GetByLabel("Sort by").SelectOptionAsync("salary");
        await Expect(page).ToHaveURLAsync(new Regex($"search={tag}&sort=salary$"));
        await Expect(browser.Cards).ToHaveCountAsync(3);

        await browser.FiltersButton.ClickAsync();
        var filters = page.GetByRole(AriaRole.Dialog);
        await Expect(filters.GetByRole(AriaRole.Checkbox, new() { Name = "Full-time (1)" })).ToBeVisibleAsync();
        await Expect(filters.GetByLabel("Workplace").Locator("option:checked")).ToHaveTextAsync("Remote or on-site");
        await Expect(filters.GetByLabel("Workplace").Locator("option[value=false]")).ToHaveTextAsync("On-site (2)");
        await filters.GetByRole(AriaRole.Checkbox, new() { Name = "Contract (2)" }).CheckAsync();
        await page.RunAndWaitForResponseAsync(() => filters.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync(),
            response => response.Request.IsNavigationRequest);

        // The count the checkbox promised, highest salary first.
        await Expect(browser.Count).ToHaveTextAsync("2");
        await Expect(browser.Cards).ToHaveCountAsync(2);
        await Expect(browser.Cards.First).ToHaveAttributeAsync("data-id", cook.ToString());
        await browser.Card(chef).GetByRole(AriaRole.Link, new() { Name = $"Chef {tag}", Exact = true }).ClickAsync();
        var apply = page.GetByRole(AriaRole.Link, new() { Name = $"Apply for Chef {tag}", Exact = true });
        await Expect(apply).ToBeInViewportAsync();
        await Expect(apply).ToHaveAttributeAsync("href", "https://careers.example.com/facets/chef");
    }

    [Fact]
    public async Task the_counts_follow_a_job_that_joins_the_list_live()
    {
        var tag = JobScenarios.NewTag();
        await app.Server.PostJob(AdminApi.AJob($"Gardener {tag}", location: $"Ghent {tag}"));
        await using var browser = await app.OpenAsync($"/jobs?search={tag}");
        await browser.LiveAsync();
        var fullTime = browser.Page.Locator("[data-facet-count=full_time]");
        var ghent = browser.Page.GetByLabel("Location").Locator($"option[value='Ghent {tag}']");
        await Expect(fullTime).ToHaveTextAsync("(1)");
        await Expect(ghent).ToHaveTextAsync($"Ghent {tag} (1)");

        var posted = await app.Server.PostJob(AdminApi.AJob($"Florist {tag}", location: $"Ghent {tag}"));

        await Expect(browser.Card(posted)).ToBeVisibleAsync();
        await Expect(fullTime).ToHaveTextAsync("(2)");
        await Expect(ghent).ToHaveTextAsync($"Ghent {tag} (2)");
        await Expect(browser.Page.Locator("[data-facet-count=contract]")).ToHaveTextAsync("(0)");
    }
}
