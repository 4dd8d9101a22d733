using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;
using Zumodra.Tests.Infrastructure;

namespace Zumodra.Tests.Browser;

/// <summary>
/// Coming back to a page downloads the page and nothing else: every stylesheet, script and module (the shared worker's
/// too) has a fingerprinted address that the browser keeps for good, so it asks the server for none of them, not even to
/// revalidate. What the browser fetched is read from Chromium's DevTools protocol (the page's requests) and from the
/// server's log of the static files it answered (everyone's, the shared worker's included).
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed partial class when_a_visitor_comes_back(BrowserApp app, ITestOutputHelper output)
{
    /// <summary>Requested by the test to know the server has logged everything before: no page asks for a .gz address.</summary>
    private const string Sentinel = "_content/Zumodra.Web/favicon.svg.gz";

    [Theory]
    [InlineData("/jobs")]
    [InlineData("/jobs/map")]
    public async Task the_second_visit_downloads_only_the_page(string path)
    {
        await using var visitor = await app.OpenAsync(null);
        var network = await PageNetwork.RecordAsync(visitor.Page);

        var (firstFingerprinted, firstPlain) = await ServedDuringAsync(() => VisitAsync(visitor, path));
        var first = network.Take();
        var (againFingerprinted, againPlain) = await ServedDuringAsync(() => VisitAsync(visitor, path));
        var again = network.Take();

        output.WriteLine($"{path}, first visit:\n{Describe(first)}\n{path}, second visit:\n{Describe(again)}");
        firstFingerprinted.ShouldBeGreaterThan(5, "the first visit loads the stylesheets and scripts");
        firstPlain.ShouldBe(0, "every static file, the shared worker's modules included, is asked for by its fingerprint");
        first.ShouldContain(x => x.Type == "Script" && x.FromNetwork);
        (againFingerprinted, againPlain).ShouldBe((0, 0), "the second visit asks the server for no static file, not even a 304");
        // The page's data (the map's markers, the live connection) is not what is cached here; map tiles come from elsewhere.
        again.Where(x => x.FromNetwork && x.Url.StartsWith(app.Server.BaseAddress.ToString(), StringComparison.Ordinal) && x.Type is not ("Fetch" or "XHR"))
            .Select(x => $"{x.Type} {x.Url}").ShouldBe([$"Document {new Uri(app.Server.BaseAddress, path)}"]);
        again.ShouldContain(x => x.Type == "Script" && !x.FromNetwork);
    }

    /// <summary>Goes to the page from elsewhere (ending the previous visit's shared worker, if any) and waits until it is live.</summary>
    private static async Task VisitAsync(BrowserPage visitor, string path)
    {
        await visitor.Page.GotoAsync("about:blank");
        await visitor.GotoAsync(path);
        await visitor.LiveAsync();
    }

    /// <summary>How many static files the server sent or answered 304 for while <paramref name="visit"/> ran: by fingerprinted and by plain address.</summary>
    private async Task<(int Fingerprinted, int Plain)> ServedDuringAsync(Func<Task> visit)
    {
        var fingerprinted = app.Server.StartCounting(line => AssetRoute(line) is { } route && route != Sentinel && StaticAssetAddresses.Fingerprinted().IsMatch(route));
        var plain = app.Server.StartCounting(line => AssetRoute(line) is { } route && route != Sentinel && !StaticAssetAddresses.Fingerprinted().IsMatch(route));
        await visit();
        // The server logs in order: once a request made now is logged, so is every request of the visit.
        var logged = app.Server.NextLineAsync(line => AssetRoute(line) == Sentinel);
        (await app.Server.Http.GetAsync("/" + Sentinel)).EnsureSuccessStatusCode();
        await logged.WaitAsync(TimeSpan.FromSeconds(60));
        return (fingerprinted(), plain());
    }

    /// <summary>The route in the static assets' log line for a file sent ("Sending file. Request path: '…'") or not modified ("The file … was not modified").</summary>
    private static string? AssetRoute(string line) => ServedAsset().Match(line) is { Success: true } match ? match.Groups[1].Value : null;

    [GeneratedRegex(@"(?:Sending file\. Request path: '|The file )(_content/[^' ]+)")]
    private static partial Regex ServedAsset();

    /// <summary>The page's requests by type and source, then each one that went to the network.</summary>
    private static string Describe(IReadOnlyList<PageNetwork.Load> loads) => string.Join('\n',
        loads.GroupBy(x => (x.Type, x.Source)).OrderBy(x => x.Key.Type).Select(group =>
            $"  {group.Key.Type,-10} {group.Key.Source,-10} {group.Count(),3} requests {group.Sum(x => x.Bytes),9:N0} B")
        .Append($"  total over the network: {loads.Sum(x => x.Bytes):N0} B")
        .Concat(loads.Where(x => x.FromNetwork).Select(x => $"    {x.Status} {x.Bytes,9:N0} B {x.Type,-10} {x.Url[..Math.Min(x.Url.Length, 100)]}")));

    /// <summary>The page's requests as Chromium's DevTools protocol reports them: what came from its cache, and the bytes received.</summary>
    private sealed class PageNetwork
    {
        private readonly Dictionary<string, Load> _loads = [];

        /// <param name="Type">Chromium's resource type: Document, Stylesheet, Script, Fetch, XHR, Image…</param>
        /// <param name="Cached">The memory or disk cache answered, without asking the server.</param>
        /// <param name="Status">The response's status; 0 until this page saw one (the shared worker's script is its own fetch).</param>
        /// <param name="Bytes">Received over the network, headers included.</param>
        public sealed record Load(string Url, string Type, bool Cached, int Status, long Bytes)
        {
            public bool FromNetwork => Status != 0 && !Cached;

            public string Source => Cached ? "cache" : Status == 0 ? "unanswered" : "network";
        }

        public static async Task<PageNetwork> RecordAsync(IPage page)
        {
            var network = new PageNetwork();
            var cdp = await page.Context.NewCDPSessionAsync(page);
            cdp.Event("Network.requestWillBeSent").OnEvent += (_, e) => network.Update(e, (load, data) => load with
            {
                Url = data.GetProperty("request").GetProperty("url").GetString()!,
                Type = data.TryGetProperty("type", out var type) ? type.GetString()! : "Other",
            });
            cdp.Event("Network.requestServedFromCache").OnEvent += (_, e) => network.Update(e, (load, _) => load with { Cached = true });
            cdp.Event("Network.responseReceived").OnEvent += (_, e) => network.Update(e, (load, data) =>
            {
                var response = data.GetProperty("response");
                return load with { Status = response.GetProperty("status").GetInt32(), Cached = load.Cached || response.GetProperty("fromDiskCache").GetBoolean() };
            });
            cdp.Event("Network.loadingFinished").OnEvent += (_, e) => network.Update(e, (load, data) =>
                load with { Bytes = (long)data.GetProperty("encodedDataLength").GetDouble() });
            await cdp.SendAsync("Network.enable");
            return network;
        }

        private void Update(JsonElement? e, Func<Load, JsonElement, Load> change)
        {
            var data = e!.Value;
            var id = data.GetProperty("requestId").GetString()!;
            lock (_loads) _loads[id] = change(_loads.GetValueOrDefault(id) ?? new Load("", "Other", Cached: false, Status: 0, Bytes: 0), data);
        }

        /// <summary>
        /// The requests made so far, forgetting them for the next visit (data: addresses left out, and the late events of
        /// requests taken before, which have no address).
        /// </summary>
        public IReadOnlyList<Load> Take()
        {
            lock (_loads)
            {
                var loads = _loads.Values.Where(x => x.Url.Length > 0 && !x.Url.StartsWith("data:", StringComparison.Ordinal)).ToList();
                _loads.Clear();
                return loads;
            }
        }
    }
}
