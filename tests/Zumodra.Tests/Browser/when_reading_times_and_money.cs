using System.Globalization;
using Microsoft.Playwright;
using Zumodra.Web.Browsing;
using static Microsoft.Playwright.Assertions;

namespace Zumodra.Tests.Browser;

/// <summary>
/// Dates read as relative times with the date beside them, money in one format, and a card drawn live reads exactly
/// as one the server rendered; the demo data is recent on a fresh install.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class when_reading_times_and_money(BrowserApp app)
{
    private static readonly TimeSpan[] Ages =
    [
        TimeSpan.Zero, TimeSpan.FromSeconds(59), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(59), TimeSpan.FromHours(1),
        TimeSpan.FromHours(23.9), TimeSpan.FromDays(1), TimeSpan.FromDays(2), TimeSpan.FromDays(29), TimeSpan.FromDays(30),
        TimeSpan.FromDays(364), TimeSpan.FromDays(365), TimeSpan.FromDays(800), TimeSpan.FromMinutes(-5),
    ];

    private static readonly (decimal? Min, decimal? Max, string? Currency)[] Amounts =
    [
        (70000, 90000, "EUR"), (4750, 8750, "EUR"), (3500, 3500, "USD"), (40000, null, "GBP"), (null, 999.5m, "CHF"), (1200, 1500, null), (null, null, "EUR"),
    ];

    [Fact]
    public async Task the_live_client_formats_every_age_and_amount_as_the_server_does()
    {
        await using var browser = await app.OpenAsync("/jobs");
        var now = new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

        var ages = await browser.Page.EvaluateAsync<string[]>(
            "async ([now, ages]) => { const f = await import('/_content/Zumodra.Web/js/fields.js'); return ages.map(s => f.formatAgo(now - s * 1000, now)); }",
            new object[] { now.ToUnixTimeMilliseconds(), Ages.Select(a => a.TotalSeconds).ToArray() });
        var amounts = await browser.Page.EvaluateAsync<string[]>(
            "async amounts => { const f = await import('/_content/Zumodra.Web/js/fields.js'); return amounts.map(a => f.formatRange(a.min ?? undefined, a.max ?? undefined, a.currency)); }",
            Amounts.Select(a => new { min = (double?)a.Min, max = (double?)a.Max, currency = a.Currency }).ToArray());

        ages.ShouldBe(Ages.Select(age => Display.Ago(now - age, now)).ToArray());
        ages.ShouldBe(["just now", "just now", "1 minute ago", "59 minutes ago", "1 hour ago", "23 hours ago", "yesterday", "2 days ago",
            "29 days ago", "1 month ago", "12 months ago", "1 year ago", "2 years ago", "just now"]);
        amounts.ShouldBe(Amounts.Select(a => Display.MoneyRange(a.Min, a.Max, a.Currency)).ToArray());
        amounts.ShouldBe(["€70,000 – €90,000", "€4,750 – €8,750", "$3,500", "from £40,000", "up to 1,000 CHF", "1,200 – 1,500", ""]);
    }

    [Fact]
    public async Task a_fresh_install_lists_recent_jobs_dated_relatively_with_the_date_beside()
    {
        await using var browser = await app.OpenAsync("/jobs");
        var time = browser.Cards.Nth(1).Locator(".card__date time");

        var posted = DateTimeOffset.Parse((await time.GetAttributeAsync("datetime"))!, CultureInfo.InvariantCulture);
        (DateTimeOffset.UtcNow - posted).ShouldBeLessThan(TimeSpan.FromDays(1), "the demo data is dated back from the seeding hour");
        // Rendered (and refreshed by the page) a moment ago: either side of a minute's turn.
        var now = DateTimeOffset.UtcNow;
        var expected = new[] { Display.Ago(posted, now.AddMinutes(-1)), Display.Ago(posted, now) }.Select(System.Text.RegularExpressions.Regex.Escape);
        await Expect(time).ToHaveTextAsync(new System.Text.RegularExpressions.Regex($"^({string.Join('|', expected)})$"));
        await Expect(time).ToHaveAttributeAsync("title", Display.Date(posted));
    }
}
