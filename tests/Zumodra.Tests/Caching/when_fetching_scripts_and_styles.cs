using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Zumodra.Tests.Infrastructure;

namespace Zumodra.Tests.Caching;

/// <summary>
/// Stylesheets and scripts as the pages address them: by fingerprint, cached for good, precompressed at build time
/// (brotli and gzip); at their plain addresses they revalidate with 304. Modules find one another's fingerprinted
/// addresses through the pages' import map, which the Content-Security-Policy allows by its hash.
/// </summary>
[Collection(CachingCollection.Name)]
public sealed partial class when_fetching_scripts_and_styles(CachingApp app)
{
    private const string Leaflet = "/_content/Zumodra.Web/lib/leaflet/leaflet.js";

    private readonly HttpClient _http = app.Host.Server.CreateClient();

    [Fact]
    public async Task a_page_addresses_every_stylesheet_and_script_by_its_fingerprint()
    {
        var html = await _http.GetStringAsync("/jobs/map");

        var addresses = AssetAddress().Matches(html).Select(x => x.Groups[1].Value).ToList();
        // At least the icon, Leaflet's three stylesheets and ours, boot.js, Leaflet's two scripts, SignalR and browse.js.
        addresses.Count.ShouldBeGreaterThanOrEqualTo(10, string.Join('\n', addresses));
        addresses.ShouldAllBe(x => StaticAssetAddresses.Fingerprinted().IsMatch(x));
    }

    [Fact]
    public async Task the_import_map_gives_each_module_its_fingerprint_and_the_policy_allows_it_by_hash()
    {
        using var response = await _http.GetAsync("/jobs");
        var html = await response.Content.ReadAsStringAsync();

        var map = ImportMap().Match(html);
        map.Success.ShouldBeTrue("the page has no import map");
        var imports = JsonDocument.Parse(map.Groups[1].Value).RootElement.GetProperty("imports");
        foreach (var module in new[] { "browse", "fields", "filter-sidebar", "live-client", "live-hub", "live-tabs", "live-worker", "result-map" })
            imports.GetProperty($"/_content/Zumodra.Web/js/{module}.js").GetString()!.ShouldMatch($@"^/_content/Zumodra\.Web/js/{module}\.[0-9a-z]{{10}}\.js$");
        imports.GetProperty("/_content/Zumodra.Web/lib/signalr-webworker/signalr.min.js").GetString()!.ShouldMatch(StaticAssetAddresses.Fingerprinted().ToString());
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(map.Groups[1].Value)));
        response.Headers.GetValues("Content-Security-Policy").Single().ShouldContain($"script-src 'self' 'sha256-{hash}'");
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task a_fingerprinted_script_is_cached_for_good_and_sent_precompressed(string encoding)
    {
        var address = await FingerprintedAsync(Leaflet);
        var raw = await File.ReadAllBytesAsync(Path.Combine(Browser.BrowserApp.RepositoryRoot, "src/Web/node_modules/leaflet/dist/leaflet.js"));

        using var response = await GetAsync(address, encoding);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        string.Join(", ", response.Headers.GetValues("Cache-Control")).ShouldBe("max-age=31536000, immutable");
        response.Content.Headers.ContentEncoding.ShouldBe([encoding]);
        var body = await response.Content.ReadAsByteArrayAsync();
        // Leaflet compresses to under a third (gzip about 43 KB of 148 KB); stored blocks passed off as gzip would not.
        body.Length.ShouldBeLessThan(raw.Length / 3);
        Decompress(body, encoding).ShouldBe(raw);
        using var plain = await GetAsync(address, encoding: null);
        plain.Content.Headers.ContentEncoding.ShouldBeEmpty();
        (await plain.Content.ReadAsByteArrayAsync()).ShouldBe(raw);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task a_script_the_browser_already_has_is_not_sent_again(bool fingerprinted)
    {
        var address = fingerprinted ? await FingerprintedAsync(Leaflet) : Leaflet;
        using var first = await GetAsync(address, "br");
        first.Headers.ETag.ShouldNotBeNull();
        if (!fingerprinted) first.Headers.CacheControl!.NoCache.ShouldBeTrue();

        using var again = await GetAsync(address, "br", first.Headers.ETag);

        again.StatusCode.ShouldBe(HttpStatusCode.NotModified);
        (await again.Content.ReadAsByteArrayAsync()).ShouldBeEmpty();
    }

    /// <summary>The fingerprinted address a page uses for <paramref name="plain"/>.</summary>
    private async Task<string> FingerprintedAsync(string plain)
    {
        var html = await _http.GetStringAsync("/jobs/map");
        var extension = plain.LastIndexOf('.');
        return AssetAddress().Matches(html).Select(x => x.Groups[1].Value).Single(x =>
            x.StartsWith(plain[..extension] + ".", StringComparison.Ordinal) && x.EndsWith(plain[extension..], StringComparison.Ordinal)
            && StaticAssetAddresses.Fingerprinted().IsMatch(x));
    }

    private async Task<HttpResponseMessage> GetAsync(string address, string? encoding, EntityTagHeaderValue? etag = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, address);
        if (encoding is not null) request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
        if (etag is not null) request.Headers.IfNoneMatch.Add(etag);
        return await _http.SendAsync(request);
    }

    private static byte[] Decompress(byte[] body, string encoding)
    {
        using var compressed = new MemoryStream(body);
        using Stream decompressing = encoding == "br" ? new BrotliStream(compressed, CompressionMode.Decompress) : new GZipStream(compressed, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        decompressing.CopyTo(raw);
        return raw.ToArray();
    }

    [GeneratedRegex(@"(?:src|href)=""(/_content/[^""]+)""")]
    private static partial Regex AssetAddress();

    [GeneratedRegex(@"<script type=""importmap"">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex ImportMap();
}
