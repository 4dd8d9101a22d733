using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Zumodra.Tests.Browser;

[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class when_checking_the_live_page_with_axe(BrowserApp app)
{
    [Theory]
    [InlineData(1366, 900)]
    [InlineData(390, 844)]
    public async Task the_jobs_page_live_through_the_shared_worker_has_no_serious_or_critical_violations(int width, int height)
    {
        await using var browser = await app.OpenAsync(null, new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        await browser.GotoAsync("/jobs");
        await browser.LiveAsync();
        await Expect(browser.Status).ToHaveAttributeAsync("data-transport", "worker");
        // A status region: screen readers announce its changes politely.
        await Expect(browser.Status).ToHaveAttributeAsync("role", "status");

        (await browser.SeriousAccessibilityViolationsAsync()).ShouldBeEmpty();
    }
}
