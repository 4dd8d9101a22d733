using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace Zumodra.Tests.Browser;

/// <summary><c>/api/docs</c> renders in Chromium from this host alone (no CDN, which an offline machine cannot reach) under its CSP.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class when_reading_the_api_docs(BrowserApp app)
{
    [Fact]
    public async Task the_reference_lists_the_endpoints_and_asks_nothing_of_other_hosts()
    {
        await using var browser = await app.OpenAsync(null);
        var elsewhere = new List<string>();
        browser.Page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(app.Server.BaseAddress.ToString().TrimEnd('/'), StringComparison.Ordinal) && !request.Url.StartsWith("data:"))
                elsewhere.Add(request.Url);
        };

        await browser.GotoAsync("/api/docs");

        // The sidebar breaks each path at its slashes.
        await Expect(browser.Page.Locator("body")).ToContainTextAsync(new Regex(@"POST\s*/api\s*/jobs"));
        await Expect(browser.Page.Locator("body")).ToContainTextAsync(new Regex(@"GET\s*/api\s*/jobs\s*/facets"));
        // The other modules' groups, folded until opened.
        await Expect(browser.Page.Locator("body")).ToContainTextAsync(new Regex("Companies.*Projects.*Admin"));
        elsewhere.ShouldBeEmpty();
    }
}
