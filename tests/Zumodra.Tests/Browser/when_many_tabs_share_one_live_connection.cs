using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;
using Zumodra.Tests.Infrastructure;
using Zumodra.Tests.Live;
using static Microsoft.Playwright.Assertions;

namespace Zumodra.Tests.Browser;

/// <summary>
/// A server with the default live limits (5 connections per address) and no demo data, behind a trusted proxy
/// (127.0.0.1) so that a test can speak for an address of its own, and a Chromium of its own.
/// </summary>
public sealed class SharedConnectionApp : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public LiveServer Server { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await LiveServer.StartAsync("browsershared", new Dictionary<string, string>
        {
            ["Zumodra:TrustedProxies:0"] = "127.0.0.1",
            ["Zumodra:Map:TileUrl"] = "http://127.0.0.1:9/{z}/{x}/{y}.png",
        });
        _playwright = await Playwright.CreateAsync();
        Browser = await BrowserApp.LaunchChromiumAsync(_playwright);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (Server is not null) await Server.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class SharedConnectionCollection : ICollectionFixture<SharedConnectionApp>
{
    public const string Name = "browser-shared-connection";
}

/// <summary>The tabs of one browser share one live connection, each with its own filters and status.</summary>
[Collection(SharedConnectionCollection.Name)]
[Trait("Category", "Browser")]
public sealed class when_many_tabs_share_one_live_connection(SharedConnectionApp app)
{
    /// <summary>Without shared workers the tabs elect a leader; without Web Locks too, each tab connects on its own.</summary>
    private const string WithoutSharedWorker = "delete window.SharedWorker;";
    private const string WithoutLocks = "delete window.SharedWorker; delete Navigator.prototype.locks;";

    private async Task<IBrowserContext> NewContextAsync(string? initScript, string? clientAddress = null)
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.Server.BaseAddress.ToString(),
            ExtraHTTPHeaders = clientAddress is null ? null : new Dictionary<string, string> { ["X-Forwarded-For"] = clientAddress },
        });
        if (initScript is not null) await context.AddInitScriptAsync(initScript);
        return context;
    }

    /// <summary>
    /// Each tab's filters, and which of the two jobs posted (a full-time engineer, then a sales contract) it must show.
    /// A tab that shows the engineer waits for a second engineer posted last; one that does not waits for the contract:
    /// changes arrive in order, so by then the jobs it must not show have had their chance.
    /// </summary>
    private static readonly (string Path, bool Engineer, bool Sales)[] Tabs =
    [
        ("/jobs", true, true),
        ("/jobs?type=full_time", true, false),
        ("/jobs?type=contract", false, true),
        ("/jobs?category=Sales", false, true),
        ("/jobs?category=Engineering", true, false),
        ("/jobs?type=full_time&category=Engineering", true, false),
        ("/jobs?type=contract&category=Sales", false, true),
        ("/jobs?type=full_time&type=contract", true, true),
        ("/jobs?category=Sales&type=full_time&type=contract", false, true),
        ("/jobs?category=Sales&type=contract&type=part_time", false, true),
    ];

    [Theory]
    [InlineData("worker", null)]
    [InlineData("leader", WithoutSharedWorker)]
    public async Task ten_tabs_with_their_own_filters_all_go_live_within_five_connections_and_show_only_their_changes(string transport, string? initScript)
    {
        var context = await NewContextAsync(initScript);
        var problems = new List<string>();
        try
        {
            var pages = new List<IPage>();
            foreach (var tab in Tabs)
            {
                var page = await context.NewPageAsync();
                page.PageError += (_, error) => problems.Add($"{tab.Path}: {error}");
                // The tabs' liveness is awaited below; a busy machine may take longer than 30 s to fire the page's load event.
                await page.GotoAsync(tab.Path, new() { WaitUntil = WaitUntilState.DOMContentLoaded, Timeout = 60_000 });
                pages.Add(page);
            }
            foreach (var page in pages)
            {
                var status = page.Locator("[data-live-status]");
                await Expect(status).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 30_000 });
                await Expect(status).ToHaveAttributeAsync("data-transport", transport);
                await Expect(status.Locator("[data-live-status-text]")).ToHaveTextAsync("Live");
            }

            var engineer = await app.Server.PostJob(AdminApi.AJob(LiveScenarios.Unique("Shared Engineer")));
            var sales = await app.Server.PostJob(AdminApi.AJob(LiveScenarios.Unique("Shared Seller"), category: "Sales", jobType: "contract"));
            var last = await app.Server.PostJob(AdminApi.AJob(LiveScenarios.Unique("Shared Engineer Again")));

            for (var i = 0; i < Tabs.Length; i++)
            {
                var (path, showsEngineer, showsSales) = Tabs[i];
                var cards = pages[i].Locator("[data-results] > [data-id]");
                await Expect(pages[i].Locator($"[data-results] > [data-id='{(showsEngineer ? last : sales)}']"))
                    .ToBeVisibleAsync(new() { Timeout = 20_000 });
                (await cards.EvaluateAllAsync<string[]>("cards => cards.map(c => c.dataset.id)")).Where(id => id == engineer.ToString() || id == sales.ToString())
                    .Order().ShouldBe(new[] { showsEngineer ? engineer.ToString() : null, showsSales ? sales.ToString() : null }.OfType<string>().Order(), path);
            }
            problems.ShouldBeEmpty();

            await app.Server.DeleteJob(engineer);
            await app.Server.DeleteJob(sales);
            await app.Server.DeleteJob(last);
        }
        finally
        {
            await context.DisposeAsync();
        }
    }

    [Fact]
    public async Task a_tab_refused_for_the_connection_limit_says_so_and_when_it_retries_then_goes_live()
    {
        var address = ClientAddresses.Any();
        var others = new List<HubConnection>();
        var context = await NewContextAsync(WithoutLocks, address);
        try
        {
            for (var i = 0; i < 5; i++)
            {
                var connection = new HubConnectionBuilder()
                    .WithUrl(new Uri(app.Server.BaseAddress, "/hubs/live?channel=jobs"), options =>
                    {
                        options.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets;
                        options.Headers["X-Forwarded-For"] = address;
                    })
                    .Build();
                await connection.StartAsync();
                others.Add(connection);
            }

            var page = await context.NewPageAsync();
            await page.GotoAsync("/jobs");
            var status = page.Locator("[data-live-status]");
            await Expect(status).ToHaveAttributeAsync("data-transport", "tab");
            await Expect(status).ToHaveAttributeAsync("data-state", "limited", new() { Timeout = 20_000 });
            await Expect(status.Locator("[data-live-status-text]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(
                @"^Too many live connections from your network — retrying in \d+ s$"));
            await Expect(status).ToHaveAttributeAsync("role", "status");

            await others[0].DisposeAsync();
            others.RemoveAt(0);
            await Expect(status).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 60_000 });
        }
        finally
        {
            foreach (var connection in others) await connection.DisposeAsync();
            await context.DisposeAsync();
        }
    }
}
