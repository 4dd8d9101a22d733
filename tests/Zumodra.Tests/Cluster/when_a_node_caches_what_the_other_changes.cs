using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Zumodra.Tests.Infrastructure;
using Zumodra.Tests.Live;

namespace Zumodra.Tests.Cluster;

/// <summary>A node's cached browse answers are evicted by a commit on the other node (its NOTIFY), across real processes.</summary>
[Collection(ClusterCollection.Name)]
[Trait("Category", "Process")]
public sealed class when_a_node_caches_what_the_other_changes(TwoNodes cluster)
{
    [Fact]
    public async Task an_answer_cached_on_one_node_is_fresh_right_after_a_write_through_the_other()
    {
        var title = LiveScenarios.Unique("Cached Elsewhere");
        var url = $"/api/jobs?search={Uri.EscapeDataString(title)}";
        async Task<(long Total, string? ETag)> Browse()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            // An address per request: the cluster's HTTP limit is low, and the cache does not depend on who asks.
            request.Headers.Add("X-Forwarded-For", ClientAddresses.Any());
            var response = await cluster.B.Http.SendAsync(request);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            return (body.GetProperty("total").GetInt64(), response.Headers.ETag?.Tag);
        }

        var before = await Browse();
        before.Total.ShouldBe(0);
        (await Browse()).ETag.ShouldBe(before.ETag, "the answer is cached");

        await cluster.A.PostJobAsync(LiveScenarios.AUniqueJob() with { Title = title });

        // The other node hears of the commit by NOTIFY; a few hundred milliseconds on a busy machine at most.
        var deadline = DateTime.UtcNow.AddSeconds(5);
        var after = await Browse();
        while (after.Total == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            after = await Browse();
        }
        after.Total.ShouldBe(1);
        after.ETag.ShouldNotBe(before.ETag);
    }
}
