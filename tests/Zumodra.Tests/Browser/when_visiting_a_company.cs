using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Zumodra.Tests.Browser;

/// <summary>
/// A company's page lists its open jobs and projects, each list live and paged on its own (the page's address stays
/// the company's), and a company's name on a job leads to that page.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class when_visiting_a_company(BrowserApp app)
{
    public static TheoryData<bool> Screens => new() { false, true };

    [Theory, MemberData(nameof(Screens))]
    public async Task its_open_jobs_and_projects_arrive_live_and_show_more_stays_on_its_page(bool onAPhone)
    {
        var name = $"Visited {Guid.NewGuid():N}"[..20];
        var company = await app.Server.PostAsync("/api/companies", AdminApi.ACompany(name));
        var jobs = new List<Guid>();
        for (var i = 0; i < 7; i++) jobs.Add(await app.Server.PostJob(AdminApi.AJob($"Company job {i}") with { CompanyId = company, CompanyName = name }));

        await using var browser = await app.OpenAsync($"/companies/{company}", onAPhone ? BrowserApp.Phone() : null);
        var page = browser.Page;
        var jobsSection = page.GetByRole(AriaRole.Region, new() { Name = "Open jobs" });
        var projectsSection = page.GetByRole(AriaRole.Region, new() { Name = "Open projects" });
        var jobCards = jobsSection.Locator("[data-results] > [data-id]");
        await browser.LiveAsync();
        await Expect(jobCards).ToHaveCountAsync(6);
        await Expect(jobsSection.Locator("[data-count]")).ToHaveTextAsync("7");
        await Expect(projectsSection.GetByText("No open projects right now.")).ToBeVisibleAsync();

        var posted = await app.Server.PostJob(AdminApi.AJob("Company job arriving") with { CompanyId = company, CompanyName = name });
        var elsewhere = await app.Server.PostJob(AdminApi.AJob("Another company's job") with { CompanyId = Guid.NewGuid(), CompanyName = "Elsewhere" });
        var project = await app.Server.PostAsync("/api/projects", AdminApi.AProject("Company project arriving") with { CompanyId = company, CompanyName = name });

        await Expect(jobCards.First).ToHaveAttributeAsync("data-id", posted.ToString());
        await Expect(jobsSection.Locator("[data-count]")).ToHaveTextAsync("8");
        await Expect(projectsSection.Locator($"[data-results] > [data-id='{project}']")).ToBeVisibleAsync();
        await Expect(projectsSection.GetByText("No open projects right now.")).ToBeHiddenAsync();
        await Expect(jobCards).ToHaveCountAsync(6);
        await Expect(page.Locator($"[data-id='{elsewhere}']")).ToHaveCountAsync(0);

        await jobsSection.GetByRole(AriaRole.Button, new() { Name = "Show more" }).ClickAsync();

        await Expect(jobCards).ToHaveCountAsync(8);
        (await jobCards.EvaluateAllAsync<string[]>("cards => cards.map(card => card.dataset.id)"))
            .ShouldBe(await app.Server.IdsAsync($"/api/jobs?companyId={company}&pageSize=8"));
        await Expect(page).ToHaveURLAsync(new Regex($"/companies/{company}$"));
        (await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth")).ShouldBeTrue("the page scrolls sideways");
        (await browser.SeriousAccessibilityViolationsAsync()).ShouldBeEmpty();
        await browser.ScreenshotAsync(onAPhone ? "company-phone" : "company-desktop");

        // The company's name on a job leads back to its page.
        await browser.GotoAsync($"/jobs/{posted}");
        await page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/companies/{company}$"));
    }

    [Fact]
    public async Task the_jobs_page_of_a_company_says_so_and_keeps_it_when_filters_are_applied()
    {
        var name = $"Filtered {Guid.NewGuid():N}"[..20];
        var company = await app.Server.PostAsync("/api/companies", AdminApi.ACompany(name));
        var ours = await app.Server.PostJob(AdminApi.AJob("Filtered company job", jobType: "contract") with { CompanyId = company, CompanyName = name });
        await using var browser = await app.OpenAsync($"/companies/{company}");
        var page = browser.Page;

        await page.GetByRole(AriaRole.Region, new() { Name = "Open jobs" }).GetByRole(AriaRole.Link, new() { Name = "Browse with filters and map" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"/jobs\\?companyId={company}$"));
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = $"Company: {name} (remove)" })).ToBeVisibleAsync();
        await Expect(browser.Cards).ToHaveCountAsync(1);
        await Expect(browser.Card(ours)).ToBeVisibleAsync();

        await browser.FiltersButton.ClickAsync();
        await page.GetByRole(AriaRole.Checkbox, new() { NameRegex = new Regex("^Contract") }).CheckAsync();
        await page.Locator("[data-filters-apply]").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"companyId={company}"));
        await Expect(browser.Card(ours)).ToBeVisibleAsync();
        await Expect(browser.Cards).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task a_company_name_without_a_company_page_is_part_of_the_cards_link()
    {
        var tag = Zumodra.Tests.Jobs.JobScenarios.NewTag();
        var job = await app.Server.PostJob(AdminApi.AJob($"Unlinked {tag}") with { CompanyId = null, CompanyName = "Nameless Ltd" });
        await using var browser = await app.OpenAsync($"/jobs?search={tag}");
        var page = browser.Page;

        // A click where the name is: forced, as Playwright would rightly find the card's link on top of it and not click.
        await browser.Card(job).GetByText("Nameless Ltd").ClickAsync(new() { Force = true });

        await Expect(page).ToHaveURLAsync(new Regex($"/jobs/{job}$"));
    }
}
