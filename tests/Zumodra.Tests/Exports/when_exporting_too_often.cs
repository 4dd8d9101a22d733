using System.Net;
using Zumodra.Tests.Infrastructure;

namespace Zumodra.Tests.Exports;

/// <summary>Exports have a per-IP budget of their own, stricter than the rest of the public API (a real socket: 127.0.0.1).</summary>
public sealed class when_exporting_too_often : IAsyncLifetime
{
    private InProcessServer _server = null!;

    public async Task InitializeAsync() => _server = await InProcessServer.StartAsync("exportlimit", _ => { }, new Dictionary<string, string>
    {
        ["Zumodra:RateLimiting:Enabled"] = "true",
        ["Zumodra:RateLimiting:PublicRequestsPerMinute"] = "100",
        ["Zumodra:RateLimiting:ExportsPerMinute"] = "2",
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task the_third_export_in_a_minute_gets_429_with_retry_after_and_a_problem_while_browsing_goes_on()
    {
        (await _server.Http.GetAsync("/api/jobs/export.csv")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _server.Http.GetAsync("/api/projects/export.pdf")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var refused = await _server.Http.GetAsync("/api/companies/export.csv");

        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds.ShouldBeGreaterThan(0);
        refused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await refused.Content.ReadAsStringAsync()).ShouldContain("\"status\":429");
        (await _server.Http.GetAsync("/api/jobs")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
