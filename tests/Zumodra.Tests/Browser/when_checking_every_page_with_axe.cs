using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Zumodra.Tests.Browser;

/// <summary>
/// axe-core on every kind of page, on a desktop screen and on a phone's, once it is live (and its map drawn), and again
/// with the filter panel open: no serious or critical violation anywhere, and nothing wider than the screen.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class when_checking_every_page_with_axe(BrowserApp app)
{
    public static TheoryData<string, int, int> Pages()
    {
        var pages = new TheoryData<string, int, int>();
        string[] paths =
        [
            "/jobs", "/jobs/map", "/jobs/{first}", "/companies", "/companies/map", "/companies/{first}",
            "/projects", "/projects/map", "/projects/{first}", "/admin", "/about",
        ];
        foreach (var path in paths)
        {
            pages.Add(path, 1366, 900);
            pages.Add(path, 390, 844);
        }
        return pages;
    }

    [Theory, MemberData(nameof(Pages))]
    public async Task the_page_has_no_serious_or_critical_violations(string path, int width, int height)
    {
        var options = new BrowserNewContextOptions { ViewportSize = new() { Width = width, Height = height } };
        await using var browser = path == "/admin" ? await app.SignedInAdminAsync(options) : await app.OpenAsync(await ResolveAsync(path), options);
        var page = browser.Page;

        if (await browser.Status.CountAsync() > 0) await browser.LiveAsync();
        if (path.EndsWith("/map", StringComparison.Ordinal))
        {
            await Expect(browser.Map).ToHaveAttributeAsync("data-markers", new Regex(@"^\d+$"));
            // A cluster is a button: named for what it holds, not by its count alone.
            var noun = path.Split('/')[1];
            await Expect(page.Locator(".map-cluster").First).ToHaveAccessibleNameAsync(new Regex($@"^\d+ {noun} in this area, zoom in$"));
        }
        (await browser.SeriousAccessibilityViolationsAsync()).ShouldBeEmpty();
        // Nothing makes a phone's page scroll sideways (wide tables scroll inside their own box).
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(width);

        if (await browser.FiltersButton.IsVisibleAsync())
        {
            await browser.FiltersButton.ClickAsync();
            await Expect(page.GetByRole(AriaRole.Dialog, new() { Name = "Filters" })).ToBeInViewportAsync(new() { Ratio = 1 });
            (await browser.SeriousAccessibilityViolationsAsync()).ShouldBeEmpty("with the filter panel open");
        }
    }

    /// <summary>A detail page's path, "{first}" standing for the first item the browse API lists.</summary>
    private async Task<string> ResolveAsync(string path)
    {
        if (!path.EndsWith("/{first}", StringComparison.Ordinal)) return path;
        var module = path.Split('/')[1];
        using var json = JsonDocument.Parse(await app.Server.Http.GetStringAsync($"/api/{module}?pageSize=1"));
        return $"/{module}/{json.RootElement.GetProperty("items")[0].GetProperty("id").GetGuid()}";
    }
}
