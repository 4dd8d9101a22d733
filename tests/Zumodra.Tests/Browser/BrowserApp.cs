using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;
using Zumodra.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Zumodra.Tests.Browser;

/// <summary>
/// The real host process with the demo data, and Debian's Chromium driven by Playwright (its own browser download
/// cannot run here; scripts/test.sh installs the chromium package). One server and one browser for the collection;
/// each test opens its own pages.
/// </summary>
public sealed class BrowserApp : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public LiveServer Server { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where screenshots go: the test output, beside the test assembly.</summary>
    public static string ScreenshotFolder => Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public static string RepositoryRoot
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (!File.Exists(Path.Combine(directory.FullName, "Zumodra.sln"))) directory = directory.Parent!;
            return directory.FullName;
        }
    }

    public async Task InitializeAsync()
    {
        Server = await LiveServer.StartAsync("browser", new Dictionary<string, string>
        {
            // Every page of every browser test comes from 127.0.0.1, several at once: the many visitors of one address.
            ["Zumodra:Live:MaxConnectionsPerIp"] = "100",
            ["Zumodra:Live:MaxInvocationsPerMinute"] = "1000",
            ["Zumodra:Live:MaxConnectionAttemptsPerIpPerMinute"] = "100000",
            ["Zumodra:Live:MaxInvocationsPerIpPerMinute"] = "100000",
            ["Zumodra:Live:MaxCatchUpEventsPerIpPerMinute"] = "10000000",
            // Nothing listens there: tiles fail at once, as they would offline, and the pages must cope.
            ["Zumodra:Map:TileUrl"] = "http://127.0.0.1:9/{z}/{x}/{y}.png",
            // A line for each static file sent or answered 304, so a test can tell what the browser asked for.
            ["Logging:LogLevel:Microsoft.AspNetCore.StaticAssets"] = "Information",
        });
        await Server.RunCommandAsync("seed");
        await DrainLiveRelayAsync();

        _playwright = await Playwright.CreateAsync();
        Browser = await LaunchChromiumAsync(_playwright);
        Directory.CreateDirectory(ScreenshotFolder);
    }

    /// <summary>Debian's Chromium, headless, as every browser test drives it.</summary>
    public static async Task<IBrowser> LaunchChromiumAsync(IPlaywright playwright)
    {
        File.Exists(Chromium).ShouldBeTrue($"{Chromium} is missing: scripts/test.sh installs Debian's chromium package.");
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });
        Assertions.SetDefaultExpectTimeout(10_000);
        return browser;
    }

    /// <summary>A fresh browser context and page on the server (at <paramref name="path"/> if given), recording what must never happen on our pages.</summary>
    public async Task<BrowserPage> OpenAsync(string? path, BrowserNewContextOptions? options = null)
    {
        options ??= new BrowserNewContextOptions();
        options.BaseURL = Server.BaseAddress.ToString();
        options.ViewportSize ??= new ViewportSize { Width = 1366, Height = 900 };
        var context = await Browser.NewContextAsync(options);
        // A page's load event can come after Playwright's default 30 s while the whole suite runs on 2 cores.
        context.SetDefaultNavigationTimeout(60_000);
        var page = await context.NewPageAsync();
        var watched = new BrowserPage(context, page);
        if (path is not null) await watched.GotoAsync(path);
        return watched;
    }

    /// <summary>A phone's screen (390 x 844, touch), for <see cref="OpenAsync"/>; a new one each time, as that fills it in.</summary>
    public static BrowserNewContextOptions Phone() =>
        new() { ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true };

    /// <summary>The admin page, signed in on its login page with the server's admin token.</summary>
    public async Task<BrowserPage> SignedInAdminAsync(BrowserNewContextOptions? options = null)
    {
        var browser = await OpenAsync("/admin", options);
        var page = browser.Page;
        await Expect(page).ToHaveURLAsync(new Regex(@"/admin/login\?returnUrl=%2Fadmin$"));
        await page.Locator("#token").FillAsync(Server.AdminToken);
        await page.Locator("[data-login-token] button[type=submit]").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/admin$"));
        return browser;
    }

    /// <summary>
    /// The seed command's changes reach the server's live relay through the durable inbox and take a while to pass;
    /// tests start once a fresh change comes through, so their own changes are not queued behind the demo data.
    /// </summary>
    private async Task DrainLiveRelayAsync()
    {
        var seen = new TaskCompletionSource();
        await using var connection = Server.Connect("?channel=jobs");
        var title = $"Relay probe {Guid.NewGuid():N}";
        connection.On<System.Text.Json.JsonElement>("job_created", message =>
        {
            if (message.GetProperty("item").GetProperty("title").GetString() == title) seen.TrySetResult();
        });
        await connection.StartAsync();
        var probe = await Server.PostJob(AdminApi.AJob(title));
        await seen.Task.WaitAsync(TimeSpan.FromSeconds(120));
        await Server.DeleteJob(probe);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (Server is not null) await Server.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserApp>
{
    public const string Name = "browser";
}
