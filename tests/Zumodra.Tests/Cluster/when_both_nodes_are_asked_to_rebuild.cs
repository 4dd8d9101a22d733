using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Zumodra.Admin.RebuildingProjections;
using Zumodra.Tests.Admin;
using Zumodra.Tests.Infrastructure;
using Zumodra.Tests.Live;

namespace Zumodra.Tests.Cluster;

/// <summary>One rebuild of a projection at a time across the cluster: the second node answers 409 and reports the first one's run.</summary>
[Collection(ClusterCollection.Name)]
[Trait("Category", "Process")]
public sealed class when_both_nodes_are_asked_to_rebuild(TwoNodes cluster)
{
    private const string Url = "/api/admin/projections/JobBrowseItem/rebuild";

    [Fact]
    public async Task the_other_node_refuses_with_409_follows_the_run_and_rebuilds_once_it_ended()
    {
        await cluster.A.PostJobAsync(LiveScenarios.AUniqueJob("Rebuilt Across Nodes"));

        await using var connection = new NpgsqlConnection(cluster.A.ConnectionString);
        await connection.OpenAsync();
        Guid runId;
        await using (var hold = await connection.BeginTransactionAsync())
        {
            // The rebuild on A waits for the event store until this transaction ends: it runs for as long as the test needs.
            await using (var lockEvents = new NpgsqlCommand("lock table zumodra.mt_events in access exclusive mode", connection, hold))
                await lockEvents.ExecuteNonQueryAsync();

            var started = await cluster.A.SendAsAdminAsync(HttpMethod.Post, Url);
            started.StatusCode.ShouldBe(HttpStatusCode.Accepted, await started.Content.ReadAsStringAsync());
            runId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetGuid();

            var refused = await cluster.B.SendAsAdminAsync(HttpMethod.Post, Url);
            refused.StatusCode.ShouldBe(HttpStatusCode.Conflict, await refused.Content.ReadAsStringAsync());
            (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("statusUrl").GetString().ShouldBe(Url);

            var followed = await Status(cluster.B);
            followed.GetProperty("runId").GetGuid().ShouldBe(runId);
            followed.GetProperty("state").GetString().ShouldBe(RebuildStates.Running, "B reports A's run, which still holds the lock");

            await hold.RollbackAsync();
        }

        var ended = await Ended(cluster.B);
        ended.GetProperty("runId").GetGuid().ShouldBe(runId);
        ended.GetProperty("state").GetString().ShouldBe(RebuildStates.Completed, ended.GetRawText());
        ended.GetProperty("eventsTotal").GetInt64().ShouldBeGreaterThan(0);

        // The lock went with the run: now B may rebuild, and A follows B's run.
        var again = await cluster.B.SendAsAdminAsync(HttpMethod.Post, Url);
        again.StatusCode.ShouldBe(HttpStatusCode.Accepted, await again.Content.ReadAsStringAsync());
        var second = (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetGuid();
        second.ShouldNotBe(runId);
        (await Ended(cluster.A)).GetProperty("runId").GetGuid().ShouldBe(second);
    }

    private static Task<JsonElement> Ended(LiveServer node) => AdminScenarios.UntilRebuildEnded("JobBrowseItem", () => Status(node));

    private static async Task<JsonElement> Status(LiveServer node)
    {
        // An address per read: admin reads count in the cluster's (low) per-address HTTP limit.
        var response = await node.SendAsAdminAsync(HttpMethod.Get, Url, clientAddress: ClientAddresses.Any());
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
