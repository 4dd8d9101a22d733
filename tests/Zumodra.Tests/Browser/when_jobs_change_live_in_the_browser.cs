using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Zumodra.Tests.Browser;

[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class when_jobs_change_live_in_the_browser(BrowserApp app)
{
    private static string Formatted(long count) => count.ToString("N0", CultureInfo.InvariantCulture);

    [Fact]
    public async Task the_list_shows_created_edited_and_deleted_jobs_without_reloading()
    {
        await using var browser = await app.OpenAsync("/jobs");
        await browser.LiveAsync();
        await browser.RecordAnimationsAsync();
        var before = await browser.DisplayedCountAsync();

        var posted = await app.Server.PostJob(AdminApi.AJob("Live Platform Engineer"));
        var card = browser.Card(posted);
        await Expect(browser.Cards.First).ToHaveAttributeAsync("data-id", posted.ToString());
        await Expect(card.Locator(".card__title")).ToHaveTextAsync("Live Platform Engineer");
        await Expect(card.Locator(".card__sub")).ToHaveTextAsync("Watcher GmbH");
        await Expect(card.Locator(".card__money")).ToHaveTextAsync("€70,000 – €90,000");
        await Expect(card.Locator(".card__date time")).ToHaveTextAsync("just now");
        await Expect(browser.Count).ToHaveTextAsync(Formatted(before + 1));
        await Expect(browser.Cards).ToHaveCountAsync(20);

        await app.Server.EditJob(posted, AdminApi.AJob("Live Platform Engineer II", jobType: "contract"));
        await Expect(card.Locator(".card__title")).ToHaveTextAsync("Live Platform Engineer II");
        await Expect(card.Locator(".tag--type")).ToHaveTextAsync("Contract");

        await app.Server.DeleteJob(posted);
        await Expect(card).ToHaveCountAsync(0);
        await Expect(browser.Count).ToHaveTextAsync(Formatted(before));
        // The gap is filled from the next page, as a reload would show it.
        await Expect(browser.Cards).ToHaveCountAsync(20);

        (await browser.AnimationsAsync(posted)).ShouldBe(["live-enter", "live-pulse", "live-leave"]);
    }

    [Fact]
    public async Task a_job_that_does_not_match_the_page_filters_does_not_appear()
    {
        await using var browser = await app.OpenAsync("/jobs?category=Data&type=full_time");
        await browser.LiveAsync();

        var other = await app.Server.PostJob(AdminApi.AJob("Live Sales Lead", category: "Sales"));
        var matching = await app.Server.PostJob(AdminApi.AJob("Live Data Scientist", category: "Data"));

        // Changes arrive in order, so once the later, matching job is shown, the other one has had its chance.
        await Expect(browser.Card(matching)).ToBeVisibleAsync();
        await Expect(browser.Card(other)).ToHaveCountAsync(0);
        await Expect(browser.Count).ToHaveTextAsync(Formatted(await app.Server.TotalAsync("/api/jobs?category=Data&type=full_time")));

        await app.Server.EditJob(matching, AdminApi.AJob("Live Data Scientist", category: "Data", jobType: "part_time"));
        await Expect(browser.Card(matching)).ToHaveCountAsync(0);

        await app.Server.DeleteJob(other);
        await app.Server.DeleteJob(matching);
    }

    [Fact]
    public async Task the_map_adds_moves_and_removes_markers_in_step_with_the_list()
    {
        await using var browser = await app.OpenAsync("/jobs/map");
        var page = browser.Page;
        await browser.LiveAsync();
        var markers = int.Parse((await browser.Map.GetAttributeAsync("data-markers"))!, CultureInfo.InvariantCulture);

        var posted = await app.Server.PostJob(AdminApi.AJob("Live Cartographer", latitude: 48.208, longitude: 16.373, location: "Vienna, Austria"));
        await Expect(browser.Map).ToHaveAttributeAsync("data-markers", (markers + 1).ToString(CultureInfo.InvariantCulture));
        var card = browser.Card(posted);
        await Expect(card).ToBeVisibleAsync();

        await card.GetByRole(AriaRole.Button, new() { Name = "Show on map" }).ClickAsync();
        var popup = page.Locator(".leaflet-popup");
        await Expect(popup).ToContainTextAsync("Live Cartographer");
        await Expect(popup).ToContainTextAsync("Vienna, Austria");
        await Expect(card).ToHaveClassAsync(new Regex("is-selected"));

        await app.Server.EditJob(posted, AdminApi.AJob("Live Senior Cartographer", latitude: 47.377, longitude: 8.541, location: "Zurich, Switzerland"));
        await Expect(popup).ToContainTextAsync("Live Senior Cartographer");
        await Expect(popup).ToContainTextAsync("Zurich, Switzerland");
        await Expect(card.Locator(".card__title")).ToHaveTextAsync("Live Senior Cartographer");
        await Expect(browser.Map).ToHaveAttributeAsync("data-markers", (markers + 1).ToString(CultureInfo.InvariantCulture));

        await app.Server.DeleteJob(posted);
        await Expect(browser.Map).ToHaveAttributeAsync("data-markers", markers.ToString(CultureInfo.InvariantCulture));
        await Expect(card).ToHaveCountAsync(0);
        await Expect(popup).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task after_losing_the_connection_the_page_catches_up_with_exactly_what_changed()
    {
        var blocked = false;
        var sockets = new List<IWebSocketRoute>();
        await using var browser = await app.OpenAsync(null);
        var page = browser.Page;
        // Playwright cannot route a shared worker's traffic: without one, the tab (as the tabs' leader) holds the connection.
        await browser.Page.Context.AddInitScriptAsync("delete window.SharedWorker;");
        // Stands between the page and the hub: while blocked, the socket is dropped and reconnection attempts fail.
        await page.RouteAsync("**/hubs/live/negotiate**", route => blocked ? route.AbortAsync() : route.ContinueAsync());
        await page.RouteWebSocketAsync("**/hubs/live**", socket =>
        {
            sockets.Add(socket);
            sockets.Add(socket.ConnectToServer());
        });
        await browser.GotoAsync("/jobs");
        await browser.LiveAsync();
        await Expect(browser.Status).ToHaveAttributeAsync("data-transport", "leader");
        var kept = await app.Server.PostJob(AdminApi.AJob("Live Before The Outage"));
        await Expect(browser.Card(kept)).ToBeVisibleAsync();

        await browser.RecordAnimationsAsync();
        blocked = true;
        foreach (var socket in sockets) await socket.CloseAsync();
        await Expect(browser.Status).ToHaveAttributeAsync("data-state", "reconnecting");

        var added = await app.Server.PostJob(AdminApi.AJob("Live Posted During The Outage"));
        var gone = await app.Server.PostJob(AdminApi.AJob("Live Posted And Deleted During The Outage"));
        await app.Server.EditJob(kept, AdminApi.AJob("Live Edited During The Outage"));
        await app.Server.DeleteJob(gone);
        blocked = false;

        await Expect(browser.Status).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 30_000 });
        await Expect(browser.Card(added).Locator(".card__title")).ToHaveTextAsync("Live Posted During The Outage");
        await Expect(browser.Card(kept).Locator(".card__title")).ToHaveTextAsync("Live Edited During The Outage");
        await Expect(browser.Card(gone)).ToHaveCountAsync(0);
        await Expect(browser.Count).ToHaveTextAsync(Formatted(await app.Server.TotalAsync("/api/jobs")));
        var ids = await browser.Cards.EvaluateAllAsync<string[]>("cards => cards.map(c => c.dataset.id)");
        ids.Length.ShouldBe(20);
        ids.Distinct().Count().ShouldBe(20);
        ids.Take(2).ShouldBe([added.ToString(), kept.ToString()]);
        // Caught up from the replayed changes, not only reconciled with the browse API (which never pulses a card).
        (await browser.AnimationsAsync(kept)).ShouldContain("live-pulse");

        await app.Server.DeleteJob(added);
        await app.Server.DeleteJob(kept);
    }

    [Fact]
    public async Task after_the_server_restarts_the_page_reconnects_and_misses_nothing()
    {
        await using var browser = await app.OpenAsync("/jobs");
        await browser.LiveAsync();

        await app.Server.KillAsync();
        await Expect(browser.Status).ToHaveAttributeAsync("data-state", "reconnecting");
        await app.Server.StartProcessAsync();
        var posted = await app.Server.PostJob(AdminApi.AJob("Live After The Restart"));

        // The page retries with growing pauses while the host is down, and a busy machine restarts it slowly: generous,
        // still bounded.
        await Expect(browser.Card(posted)).ToBeVisibleAsync(new() { Timeout = 90_000 });
        await Expect(browser.Status).ToHaveAttributeAsync("data-state", "live");
        await Expect(browser.Count).ToHaveTextAsync(Formatted(await app.Server.TotalAsync("/api/jobs")));
        await app.Server.DeleteJob(posted);
        await Expect(browser.Card(posted)).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task a_page_offline_past_its_backoff_keeps_trying_and_comes_back_by_itself()
    {
        await using var browser = await app.OpenAsync("/jobs");
        await browser.LiveAsync();

        await app.Server.KillAsync();
        // The backoff (1 + 2 + 4 + 8 + 16 s) runs out while the host is down.
        await Expect(browser.Status).ToHaveAttributeAsync("data-state", "offline", new() { Timeout = 60_000 });
        await Expect(browser.Status).ToContainTextAsync("trying again every 30 s");
        await app.Server.StartProcessAsync();
        var posted = await app.Server.PostJob(AdminApi.AJob("Live After A Long Outage"));

        // No click on Reconnect: the next slow retry (30 s ± 20 %) finds the host and catches up.
        await Expect(browser.Card(posted)).ToBeVisibleAsync(new() { Timeout = 90_000 });
        await Expect(browser.Status).ToHaveAttributeAsync("data-state", "live");
        await app.Server.DeleteJob(posted);
    }

    [Fact]
    public async Task a_hostile_title_renders_as_text_in_the_grid_the_popup_and_the_detail()
    {
        const string hostile = "<img src=x onerror=alert(1)>";
        await using var browser = await app.OpenAsync("/jobs/map");
        var page = browser.Page;
        await browser.LiveAsync();

        var posted = await app.Server.PostJob(AdminApi.AJob(hostile) with { CompanyName = "<script>alert(2)</script>" });
        var card = browser.Card(posted);
        await Expect(card.Locator(".card__title")).ToHaveTextAsync(hostile);
        await Expect(card.Locator(".card__sub")).ToHaveTextAsync("<script>alert(2)</script>");
        await Expect(page.Locator("[data-results] img, [data-results] script")).ToHaveCountAsync(0);

        await card.GetByRole(AriaRole.Button, new() { Name = "Show on map" }).ClickAsync();
        var popup = page.Locator(".leaflet-popup");
        await Expect(popup.GetByRole(AriaRole.Link)).ToHaveTextAsync(hostile);
        await Expect(popup.Locator("img, script")).ToHaveCountAsync(0);

        await page.ReloadAsync();
        await Expect(card.Locator(".card__title")).ToHaveTextAsync(hostile);
        await Expect(page.Locator("[data-results] img, [data-results] script")).ToHaveCountAsync(0);

        // The link is followed to the detail page before anything is asserted there.
        var link = card.Locator(".card__title a");
        await Expect(link).ToHaveAttributeAsync("href", $"/jobs/{posted}");
        await link.ClickAsync();
        await page.WaitForURLAsync($"**/jobs/{posted}");
        await Expect(page.Locator("h1")).ToHaveTextAsync(hostile);
        await Expect(page.Locator("main img")).ToHaveCountAsync(0);
        await browser.LiveAsync();
        await app.Server.EditJob(posted, AdminApi.AJob(hostile + " (edited)"));
        await Expect(page.Locator("h1")).ToHaveTextAsync(hostile + " (edited)");
        await Expect(page.Locator("main img")).ToHaveCountAsync(0);
        await browser.ScreenshotAsync("job-detail-hostile-title");

        await app.Server.DeleteJob(posted);
        await Expect(page.Locator("[data-item-gone]")).ToBeVisibleAsync();
    }
}
