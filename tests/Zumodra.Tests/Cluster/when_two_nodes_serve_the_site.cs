using Zumodra.Tests.Live;

namespace Zumodra.Tests.Cluster;

/// <summary>Clients on either node see every change written through either node, once each, in one order.</summary>
[Collection(ClusterCollection.Name)]
[Trait("Category", "Process")]
public sealed class when_two_nodes_serve_the_site(TwoNodes cluster)
{
    [Fact]
    public async Task changes_written_through_both_nodes_reach_the_clients_of_both_once_each_in_the_same_order()
    {
        await using var onA = await cluster.A.Listen("?channel=jobs");
        await using var onB = await cluster.B.Listen("?channel=jobs");

        var written = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            (i % 2 == 0 ? cluster.A : cluster.B).PostJobAsync(LiveScenarios.AUniqueJob($"Clustered {i}"))));
        var ids = written.Select(x => x.Id).ToList();

        var seenOnA = await onA.WaitForJobs(ids, ids.Count);
        var seenOnB = await onB.WaitForJobs(ids, ids.Count);
        seenOnA.Select(x => x.Payload.ItemId()).ShouldBe(ids, ignoreOrder: true);
        seenOnB.Sequences().ShouldBe(seenOnA.Sequences(), "both nodes push in the order of the change log");
        LiveProbe.About(await onA.Quiet(), ids).Count.ShouldBe(ids.Count, "nothing arrives twice");
        LiveProbe.About(await onB.Quiet(), ids).Count.ShouldBe(ids.Count, "nothing arrives twice");
    }

    [Fact]
    public async Task a_client_that_reconnects_to_the_other_node_catches_up_from_its_last_sequence_then_goes_live()
    {
        long last;
        await using (var onA = await cluster.A.Listen("?channel=jobs"))
            last = await cluster.A.PostJobSeenBy(onA, "Before Moving");

        var missed = new List<Guid>();
        for (var i = 0; i < 3; i++) missed.Add((await (i == 1 ? cluster.A : cluster.B).PostJobAsync(LiveScenarios.AUniqueJob($"Missed {i}"))).Id);
        await using var onB = await cluster.B.Listen($"?channel=jobs&after={last}");
        var caughtUp = await onB.WaitForJobs(missed, missed.Count);
        caughtUp.Select(x => x.Payload.ItemId()).ShouldBe(missed, ignoreOrder: true);

        var live = (await cluster.A.PostJobAsync(LiveScenarios.AUniqueJob("After Moving"))).Id;
        var all = await onB.WaitForJobs([.. missed, live], missed.Count + 1);
        all[^1].Payload.ItemId().ShouldBe(live);
        all.Sequences().Distinct().Count().ShouldBe(missed.Count + 1, "nothing arrives twice");
    }
}
