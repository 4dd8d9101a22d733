using System.Net;
using System.Text.RegularExpressions;
using Zumodra.BuildingBlocks;
using Zumodra.Tests.Infrastructure;
using Zumodra.Tests.Live;

namespace Zumodra.Tests.Cluster;

/// <summary>
/// The HTTP limits count one address's requests on both nodes together; while Redis is down the nodes keep serving reads,
/// writes and live pushes (the limits let everyone through), and count again once it is back.
/// </summary>
[Collection(ClusterCollection.Name)]
[Trait("Category", "Process")]
public sealed class when_redis_is_shared_and_then_lost(TwoNodes cluster)
{

    private static async Task<HttpResponseMessage> Browse(LiveServer node, string address)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/jobs?pageSize=1");
        request.Headers.Add("X-Forwarded-For", address);
        return await node.Http.SendAsync(request);
    }

    private static Task<HttpResponseMessage> Ready(LiveServer node) => node.Http.GetAsync("/health/ready");

    [Fact]
    public async Task one_address_gets_its_requests_per_minute_across_both_nodes_then_429_on_either()
    {
        var address = ClientAddresses.Any();
        for (var i = 0; i < TwoNodes.PublicRequestsPerMinute; i++)
            (await Browse(i % 2 == 0 ? cluster.A : cluster.B, address)).StatusCode.ShouldBe(HttpStatusCode.OK, $"request {i + 1}");

        foreach (var node in new[] { cluster.A, cluster.B })
        {
            var refused = await Browse(node, address);
            refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
            refused.Headers.RetryAfter.ShouldNotBeNull();
        }
        (await Browse(cluster.B, ClientAddresses.Any())).StatusCode.ShouldBe(HttpStatusCode.OK, "another address has its own count");
    }

    [Fact]
    public async Task without_redis_both_nodes_still_serve_reads_writes_and_live_pushes_and_the_limits_count_again_when_it_is_back()
    {
        await using var onB = await cluster.B.Listen("?channel=jobs");
        var address = ClientAddresses.Any();
        const string warning = "The HTTP limits cannot reach Redis";
        var nodes = new[] { cluster.A, cluster.B };
        var warnings = nodes.Select(node => node.StartCounting(line => line.Contains(warning, StringComparison.Ordinal))).ToArray();
        (await Ready(cluster.A)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await cluster.Redis.StopAsync();
        var outage = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            // Ready names Redis as what is wrong, while the node goes on serving.
            var ready = await Ready(cluster.A);
            var body = await ready.Content.ReadAsStringAsync();
            ready.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable, body);
            System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString().ShouldBe("Unhealthy", body);
            for (var i = 0; i < TwoNodes.PublicRequestsPerMinute + 5; i++)
                (await Browse(i % 2 == 0 ? cluster.A : cluster.B, address)).StatusCode.ShouldBe(HttpStatusCode.OK, $"request {i + 1} without Redis");
            var posted = (await cluster.A.PostJobAsync(LiveScenarios.AUniqueJob("Posted Without Redis"))).Id;
            (await onB.WaitForJobs([posted], 1)).ShouldHaveSingleItem();
            // Operators learn that the limits are off (a busy machine's Redis timeouts may have told them just before the
            // outage), once per 30 s, not once per request.
            var times = 1 + (int)(outage.Elapsed / RedisOutageLog.Interval);
            for (var i = 0; i < nodes.Length; i++)
            {
                Regex.Count(nodes[i].RecentOutput(), warning).ShouldBeGreaterThan(0, nodes[i].RecentOutput());
                warnings[i]().ShouldBeLessThanOrEqualTo(times, nodes[i].RecentOutput());
            }
        }
        finally
        {
            await cluster.Redis.StartProcessAsync();
        }

        // Each node counts again once it has reconnected.
        foreach (var node in new[] { cluster.A, cluster.B })
        {
            var counted = ClientAddresses.Any();
            var deadline = DateTime.UtcNow.AddSeconds(60);
            HttpStatusCode last;
            do last = (await Browse(node, counted)).StatusCode;
            while (last == HttpStatusCode.OK && DateTime.UtcNow < deadline);
            last.ShouldBe(HttpStatusCode.TooManyRequests);
        }
    }
}
