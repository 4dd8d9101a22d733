using Microsoft.Playwright;
using Zumodra.Tests.Companies;
using static Microsoft.Playwright.Assertions;

namespace Zumodra.Tests.Browser;

[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class when_a_company_shows_its_logo(BrowserApp app)
{
    [Theory]
    [InlineData(1366, 900)]
    [InlineData(390, 844)]
    public async Task the_card_shows_an_uploaded_logo_as_it_changes_and_the_initials_without_one(int width, int height)
    {
        var options = new BrowserNewContextOptions { ViewportSize = new() { Width = width, Height = height } };
        await using var browser = await app.OpenAsync("/companies", options);
        await browser.LiveAsync();

        var company = await app.Server.PostAsync("/api/companies", AdminApi.ACompany($"Quokka Logos {width}"));
        var card = browser.Card(company);
        var logo = card.Locator(".card__logo img");
        var initial = card.Locator(".card__logo [data-format=initial]");
        await Expect(initial).ToHaveTextAsync("Q");
        await Expect(logo).ToBeHiddenAsync();

        await app.Server.UploadLogo(company, LogoImages.Png);
        await Expect(logo).ToHaveAttributeAsync("src", LogoImages.PathOf(LogoImages.Png, "png"));
        await Expect(logo).ToBeVisibleAsync();
        await logo.EvaluateAsync("image => image.decode()");
        (await logo.EvaluateAsync<int>("image => image.naturalWidth")).ShouldBe(8);
        await browser.ScreenshotAsync($"company-logo-{width}");
        (await browser.SeriousAccessibilityViolationsAsync()).ShouldBeEmpty();

        // The server renders it as well; and a logo that cannot be loaded gives way to the initials.
        await browser.Page.ReloadAsync();
        await Expect(logo).ToBeVisibleAsync();
        await browser.Page.RouteAsync("**/logos/**", route => route.AbortAsync());
        await browser.Page.ReloadAsync();
        await Expect(logo).ToBeHiddenAsync();
        await Expect(initial).ToBeVisibleAsync();
        await browser.Page.UnrouteAllAsync();
        await browser.Page.ReloadAsync();
        await browser.LiveAsync();

        await app.Server.AdminAsync(HttpMethod.Delete, $"/api/companies/{company}/logo");
        await Expect(logo).ToBeHiddenAsync();
        await Expect(logo).Not.ToHaveAttributeAsync("src", new System.Text.RegularExpressions.Regex("."));
        await Expect(initial).ToBeVisibleAsync();
        await app.Server.AdminAsync(HttpMethod.Delete, $"/api/companies/{company}");
    }
}
