using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using Zumodra.Host.Infrastructure;
using Zumodra.Tests.Infrastructure;
using Zumodra.Tests.Live;

namespace Zumodra.Tests.Telemetry;

/// <summary>A real host process of its own: its gauges count only this collection's clients.</summary>
public sealed class MetricsApp : IAsyncLifetime
{
    public LiveServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await LiveServer.StartAsync("metrics");

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class MetricsCollection : ICollectionFixture<MetricsApp>
{
    public const string Name = "metrics";
}

[Collection(MetricsCollection.Name)]
[Trait("Category", "Process")]
public sealed class when_scraping_metrics(MetricsApp app)
{
    private const string RelayLagCount = "zumodra_live_relay_lag_seconds_count";

    [Fact]
    public async Task posted_jobs_move_the_relay_lag_histogram_and_their_deliveries_and_connections_per_channel_are_counted()
    {
        var server = app.Server;
        await using var jobs = await server.Listen("?channel=jobs");
        await using var companies = await server.Listen("?channel=companies");
        var before = await MetricsScrape.ReadAsync(server.Http, server.AdminToken);

        for (var i = 0; i < 3; i++) await server.PostJobSeenBy(jobs, "Metered Engineer");

        var lagBefore = before.Sum(RelayLagCount, ("channel", "jobs"));
        var after = await MetricsScrape.ReadUntilAsync(server.Http, server.AdminToken, x => x.Sum(RelayLagCount, ("channel", "jobs")) >= lagBefore + 3);
        after.Sum(RelayLagCount, ("channel", "jobs")).ShouldBeGreaterThanOrEqualTo(lagBefore + 3, "one lag per posted job:\n" + after.Text);
        // On one machine a change is pushed well within ten seconds of its commit: its lag falls in a bucket, not past all of them.
        after.Sum("zumodra_live_relay_lag_seconds_bucket", ("channel", "jobs"), ("le", "10"))
            .ShouldBeGreaterThanOrEqualTo(before.Sum("zumodra_live_relay_lag_seconds_bucket", ("channel", "jobs"), ("le", "10")) + 3);
        after.Sum("zumodra_live_relay_lag_seconds_sum", ("channel", "jobs")).ShouldBeGreaterThan(before.Sum("zumodra_live_relay_lag_seconds_sum", ("channel", "jobs")));
        // Each job reached the one subscriber of the jobs channel.
        (after.Sum("zumodra_live_deliveries_total", ("channel", "jobs")) - before.Sum("zumodra_live_deliveries_total", ("channel", "jobs"))).ShouldBe(3);
        after.Sum("zumodra_live_changes_relayed_total").ShouldBeGreaterThanOrEqualTo(before.Sum("zumodra_live_changes_relayed_total") + 3);

        after.Sum("zumodra_live_channel_connections", ("channel", "jobs")).ShouldBe(1);
        after.Sum("zumodra_live_channel_connections", ("channel", "companies")).ShouldBe(1);
        after.Sum("zumodra_live_channel_connections", ("channel", "projects")).ShouldBe(0);
        after.Sum("zumodra_live_connections").ShouldBe(2);
        // The instrumentation beside ours is there too: requests, the database client, the runtime.
        after.Has("http_server_request_duration_seconds_count").ShouldBeTrue();
        after.Has("db_client_commands_duration_seconds_count").ShouldBeTrue();
        after.Has("dotnet_gc_collections_total").ShouldBeTrue();
    }

    [Fact]
    public async Task browse_requests_are_counted_as_misses_hits_and_not_modified()
    {
        var server = app.Server;
        var path = $"/api/companies?search={LiveScenarios.Unique("metered").Replace(' ', '-')}";
        var before = await MetricsScrape.ReadAsync(server.Http, server.AdminToken);

        (await server.Http.GetAsync(path)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var cached = await server.Http.GetAsync(path);
        using var revalidation = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { IfNoneMatch = { cached.Headers.ETag! } } };
        (await server.Http.SendAsync(revalidation)).StatusCode.ShouldBe(HttpStatusCode.NotModified);

        var after = await MetricsScrape.ReadUntilAsync(server.Http, server.AdminToken, x => Moved(x, "not_modified") >= 1);
        double Moved(MetricsScrape scrape, string result) =>
            scrape.Sum("zumodra_browse_cache_requests_total", ("result", result)) - before.Sum("zumodra_browse_cache_requests_total", ("result", result));
        (Moved(after, "miss"), Moved(after, "hit"), Moved(after, "not_modified")).ShouldBe((1, 1, 1), after.Text);
    }

    [Fact]
    public async Task metrics_are_refused_to_anonymous_clients_and_visitors_unless_configured_public()
    {
        var server = app.Server;
        (await server.Http.GetAsync("/metrics")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var visitor = new AdminTokens(Options.Create(new AuthOptions { SigningKey = AppFixture.SigningKey }), TimeProvider.System).Issue("visitor", role: "visitor");
        using var asVisitor = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", visitor) } };
        (await server.Http.SendAsync(asVisitor)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        (await MetricsScrape.ReadAsync(server.Http, server.AdminToken)).Has("zumodra_live_connections").ShouldBeTrue();
    }
}
