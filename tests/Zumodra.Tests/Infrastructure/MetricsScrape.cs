using System.Globalization;
using System.Net.Http.Headers;

namespace Zumodra.Tests.Infrastructure;

/// <summary>One answer of <c>/metrics</c> (Prometheus text format), read as a scraper reads it.</summary>
public sealed class MetricsScrape(string text)
{
    public string Text { get; } = text;

    /// <summary>
    /// The sum of the samples of <paramref name="name"/> (e.g. <c>zumodra_live_relay_lag_seconds_count</c>) whose labels
    /// include every one of <paramref name="labels"/>; 0 when there is none.
    /// </summary>
    public double Sum(string name, params (string Label, string Value)[] labels) =>
        Samples(name).Where(x => labels.All(label => x.Labels.Contains($"{label.Label}=\"{label.Value}\""))).Sum(x => x.Value);

    /// <summary>Whether <paramref name="name"/> has any sample at all.</summary>
    public bool Has(string name) => Samples(name).Any();

    private IEnumerable<(string Labels, double Value)> Samples(string name)
    {
        foreach (var line in Text.Split('\n'))
        {
            if (!line.StartsWith(name, StringComparison.Ordinal) || line.Length == name.Length) continue;
            var rest = line[name.Length..];
            if (rest[0] is not ('{' or ' ')) continue;
            var labelsEnd = rest[0] == '{' ? rest.IndexOf('}') + 1 : 0;
            // "<value>" or "<value> <timestamp>".
            var value = rest[labelsEnd..].Trim().Split(' ')[0];
            yield return (rest[..labelsEnd], double.Parse(value, CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Reads <c>/metrics</c>, with <paramref name="token"/> as a bearer token when given.</summary>
    public static async Task<MetricsScrape> ReadAsync(HttpClient http, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue($"/metrics answered {(int)response.StatusCode}: {text}");
        return new MetricsScrape(text);
    }

    /// <summary>
    /// Reads <c>/metrics</c> until <paramref name="done"/> holds (the exporter caches a scrape briefly, and a delivery's
    /// figures are recorded just after its socket write), or for at most 30 s; returns the last scrape.
    /// </summary>
    public static async Task<MetricsScrape> ReadUntilAsync(HttpClient http, string? token, Func<MetricsScrape, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var scrape = await ReadAsync(http, token);
            if (done(scrape) || DateTime.UtcNow > deadline) return scrape;
            await Task.Delay(100);
        }
    }
}
