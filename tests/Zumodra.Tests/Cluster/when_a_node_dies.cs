using System.Collections.Concurrent;
using System.Diagnostics;
using Npgsql;
using Xunit.Abstractions;
using Zumodra.Live.Feed;
using Zumodra.Tests.Infrastructure;
using Zumodra.Tests.Live;

namespace Zumodra.Tests.Cluster;

/// <summary>
/// One of two nodes is killed outright in the middle of a write burst, writes continuing through the other. The changes it
/// committed but had not recorded (the test holds the log's lock meanwhile) wait in its inbox until the survivor counts
/// it dead and takes them over.
/// </summary>
[Trait("Category", "Process")]
public sealed class when_a_node_dies(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly TwoNodes _cluster = new();

    public Task InitializeAsync() => _cluster.InitializeAsync();

    public Task DisposeAsync() => _cluster.DisposeAsync();

    [Fact]
    public async Task its_clients_move_to_the_survivor_and_every_client_receives_every_committed_change_exactly_once()
    {
        var (a, b) = (_cluster.A, _cluster.B);
        await using var onB = await b.Listen("?channel=jobs");
        var onA = await a.Listen("?channel=jobs");
        var last = await a.PostJobSeenBy(onA, "Before The Crash");

        // Nothing is recorded while the test holds the recording lock: what A commits meanwhile waits in its inbox.
        await using var holdingTheLog = new NpgsqlConnection(a.ConnectionString);
        await holdingTheLog.OpenAsync();
        await using (var take = new NpgsqlCommand($"select pg_advisory_lock({LiveChangeLog.RecordingLock})", holdingTheLog))
            await take.ExecuteNonQueryAsync();

        var acknowledged = new ConcurrentBag<Guid>();
        var acknowledgedByA = new ConcurrentBag<Guid>();
        var refusedByA = new ConcurrentBag<Exception>();
        async Task Write(LiveServer node, string name, int count)
        {
            for (var i = 0; i < count; i++)
            {
                try
                {
                    var id = (await node.PostJobAsync(LiveScenarios.AUniqueJob($"{name} {i}"))).Id;
                    acknowledged.Add(id);
                    if (node == a) acknowledgedByA.Add(id);
                }
                catch (Exception killed) when (node == a)
                {
                    refusedByA.Add(killed);
                    return; // Killed: a write in flight may or may not have committed.
                }
            }
        }
        var throughA = Task.WhenAll(Enumerable.Range(0, 4).Select(w => Write(a, $"Through A {w}", 50)));
        var throughB = Write(b, "Through B", 10);
        // In the middle of the burst: once A has acknowledged a few writes.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (acknowledgedByA.Count < 5 && refusedByA.IsEmpty && DateTime.UtcNow < deadline) await Task.Delay(20);
        await a.KillAsync();
        await Task.WhenAll(throughA, throughB);
        await onA.DisposeAsync();
        await Write(b, "After The Crash", 5);
        await using (var release = new NpgsqlCommand($"select pg_advisory_unlock({LiveChangeLog.RecordingLock})", holdingTheLog))
            await release.ExecuteNonQueryAsync();

        var clock = Stopwatch.StartNew();
        await using var moved = await b.Listen($"?channel=jobs&after={last}");
        var expected = acknowledged.ToHashSet();
        bool AllArrived(List<(string Method, System.Text.Json.JsonElement Payload)> pushes) =>
            expected.IsSubsetOf(pushes.Select(x => x.Payload.ItemId()));
        // The survivor counts the dead node out after its heartbeat is 10 s stale, then takes its inbox over.
        var caughtUp = await moved.WaitUntil(AllArrived, TimeSpan.FromSeconds(120));
        var live = await onB.WaitUntil(AllArrived, TimeSpan.FromSeconds(30));
        acknowledgedByA.ShouldNotBeEmpty($"the dead node had committed changes it could not record; its writes failed with: {refusedByA.FirstOrDefault()}");
        output.WriteLine($"{expected.Count} acknowledged writes ({acknowledgedByA.Count} by the dead node); every one had arrived {clock.Elapsed.TotalSeconds:0.0} s after the crash");

        foreach (var (name, pushes) in new[] { ("moved", await moved.Quiet()), ("stayed", await onB.Quiet()) })
        {
            var jobs = pushes.Where(x => x.Method.StartsWith("job_", StringComparison.Ordinal)).ToList();
            var told = $"{name}: {jobs.Count} pushes, {expected.Count} acknowledged writes, {clock.Elapsed.TotalSeconds:0} s after the crash";
            expected.ShouldBeSubsetOf(jobs.Select(x => x.Payload.ItemId()), $"{told}; the survivor's last lines:\n{b.RecentOutput()}");
            jobs.Sequences().ShouldBeUnique(told);
        }
        caughtUp.ShouldNotBeEmpty();
        live.ShouldNotBeEmpty();
    }
}
