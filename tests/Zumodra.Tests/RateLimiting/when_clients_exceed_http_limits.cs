using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Zumodra.Tests.Infrastructure;
using Zumodra.Tests.Jobs;

namespace Zumodra.Tests.RateLimiting;

/// <summary>Real process, real client address (127.0.0.1), small limits.</summary>
[Trait("Category", "Process")]
public sealed class when_clients_exceed_http_limits : IAsyncLifetime
{
    private LiveServer _server = null!;

    public async Task InitializeAsync() => _server = await LiveServer.StartAsync("ratelimit", new()
    {
        ["Zumodra:RateLimiting:Enabled"] = "true",
        ["Zumodra:RateLimiting:PublicRequestsPerMinute"] = "5",
        ["Zumodra:RateLimiting:AdminWritesPerMinute"] = "2",
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Task<HttpResponseMessage> Browse(string? forwardedFor = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/jobs");
        if (forwardedFor is not null) request.Headers.Add("X-Forwarded-For", forwardedFor);
        return _server.Http.SendAsync(request);
    }

    private Task<HttpResponseMessage> Post()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/jobs") { Content = JsonContent.Create(JobScenarios.AJob()) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _server.AdminToken);
        return _server.Http.SendAsync(request);
    }

    private static Task<HttpResponseMessage[]> Together(int count, Func<Task<HttpResponseMessage>> send) =>
        Task.WhenAll(Enumerable.Range(0, count).Select(_ => send()));

    [Fact]
    public async Task the_public_api_answers_429_with_retry_after_and_a_problem_once_the_limit_is_spent()
    {
        // The server's own start-up health polling is exempt, so all five are ours. Sent together, so that they fall
        // in one window however slow a busy machine makes each of them. One claims another address through
        // X-Forwarded-For, which an untrusted client cannot: it spends the same budget (else all six would pass).
        var answers = await Task.WhenAll([.. Enumerable.Range(0, 5).Select(_ => Browse()), Browse(forwardedFor: "203.0.113.7")]);
        answers.Count(x => x.StatusCode == HttpStatusCode.OK).ShouldBe(5);
        var refused = answers.Where(x => x.StatusCode != HttpStatusCode.OK).ShouldHaveSingleItem();

        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds.ShouldBeGreaterThan(0);
        refused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await refused.Content.ReadAsStringAsync()).ShouldContain("\"status\":429");
        // Logos are public GETs too, counted in the same budget.
        (await _server.Http.GetAsync($"/logos/{new string('0', 64)}.png")).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);

        // Health checks are exempt.
        (await _server.Http.GetAsync("/health")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task admin_writes_have_a_stricter_limit_of_their_own()
    {
        var answers = await Together(3, Post);
        answers.Count(x => x.StatusCode == HttpStatusCode.Created).ShouldBe(2);
        var refused = answers.Where(x => x.StatusCode != HttpStatusCode.Created).ShouldHaveSingleItem();

        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter.ShouldNotBeNull();
        (await Browse()).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task metrics_scrapes_spend_no_budget_and_the_refusals_are_counted()
    {
        // More scrapes than the public budget: none is refused, and the budget is still whole afterwards.
        foreach (var scrape in await Together(8, () => _server.SendAsAdminAsync(HttpMethod.Get, "/metrics")))
            scrape.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Together(6, () => Browse())).Count(x => x.StatusCode == HttpStatusCode.OK).ShouldBe(5);

        var metrics = await MetricsScrape.ReadUntilAsync(_server.Http, _server.AdminToken,
            x => x.Sum("aspnetcore_rate_limiting_requests_total", ("aspnetcore_rate_limiting_result", "global_limiter")) >= 1);
        metrics.Sum("aspnetcore_rate_limiting_requests_total", ("aspnetcore_rate_limiting_result", "global_limiter")).ShouldBe(1, metrics.Text);
    }
}

/// <summary>Behind a configured proxy, each forwarded client has its own budget.</summary>
[Trait("Category", "Process")]
public sealed class when_a_trusted_proxy_forwards_clients : IAsyncLifetime
{
    private LiveServer _server = null!;

    public async Task InitializeAsync() => _server = await LiveServer.StartAsync("ratelimitproxy", new()
    {
        ["Zumodra:RateLimiting:Enabled"] = "true",
        ["Zumodra:RateLimiting:PublicRequestsPerMinute"] = "2",
        ["Zumodra:TrustedProxies:0"] = "127.0.0.1",
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<HttpStatusCode> BrowseAs(string client)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/jobs");
        request.Headers.Add("X-Forwarded-For", client);
        return (await _server.Http.SendAsync(request)).StatusCode;
    }

    [Fact]
    public async Task the_forwarded_address_is_what_is_limited()
    {
        // Sent together, so that they fall in one window however slow a busy machine makes each of them.
        (await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => BrowseAs("198.51.100.1")))).Order()
            .ShouldBe([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests]);

        (await BrowseAs("198.51.100.2")).ShouldBe(HttpStatusCode.OK);
    }
}
