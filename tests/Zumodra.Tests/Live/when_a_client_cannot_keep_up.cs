using System.Diagnostics;
using System.Text.Json;
using Zumodra.Tests.Infrastructure;

namespace Zumodra.Tests.Live;

/// <summary>On a server that queues at most 5 messages per client before it counts that client as unable to keep up.</summary>
[Collection(RestrictedLiveCollection.Name)]
[Trait("Category", "Process")]
public sealed class when_a_client_cannot_keep_up(RestrictedLiveApp app)
{
    private LiveServer Server => app.Server;

    /// <summary>A job whose push is about 20 KB, so that a couple of hundred overflow the socket buffers between server and client.</summary>
    private static Zumodra.Jobs.JobForm ABigJob(int i) =>
        LiveScenarios.AUniqueJob($"Bulky {i}") with { Description = string.Concat(Enumerable.Repeat("Lots to say about this job. ", 700)) };

    /// <summary>A stalled client and a healthy one while 250 big jobs are posted (about 5 MB of pushes each), four at a time.</summary>
    private async Task<(StalledClient.Drained Stalled, List<(string Method, JsonElement Payload)> Healthy, TimeSpan Lag, Guid[] Ids)> FloodAsync()
    {
        var dropped = Server.NextLineAsync(line => line.Contains("could not keep up", StringComparison.Ordinal));
        await using var stalled = await StalledClient.ConnectAsync(Server, "?channel=jobs");
        await using var healthy = await Server.Listen("?channel=jobs");
        // The stalled client reads again as soon as the server dropped it, as a tab brought back would: the server waits
        // for it to take its close message only so long (30 s), which the flood alone can outlast on a busy machine.
        var drained = DrainOnceDroppedAsync(stalled, dropped);
        var ids = new System.Collections.Concurrent.ConcurrentBag<Guid>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 250), new ParallelOptions { MaxDegreeOfParallelism = 4 },
            async (i, _) => ids.Add((await Server.PostJobAsync(ABigJob(i))).Id));
        var posted = Stopwatch.StartNew();
        var received = await healthy.WaitForJobs(ids.ToArray(), 250);
        var lag = posted.Elapsed;
        return (await drained, received, lag, ids.ToArray());
    }

    /// <summary>Drains once the server says it dropped a client (or after a minute without that, to show what it did).</summary>
    private static async Task<StalledClient.Drained> DrainOnceDroppedAsync(StalledClient stalled, Task<string> dropped)
    {
        await Task.WhenAny(dropped, Task.Delay(TimeSpan.FromMinutes(1)));
        return await stalled.DrainAsync(TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task a_client_that_stops_reading_is_dropped_while_a_healthy_client_receives_everything_promptly()
    {
        var (stalled, healthy, lag, ids) = await FloodAsync();

        healthy.Count.ShouldBe(ids.Length, "the healthy client is not held back by the stalled one");
        healthy.Sequences().Distinct().Count().ShouldBe(ids.Length);
        lag.ShouldBeLessThan(TimeSpan.FromSeconds(20), "the healthy client keeps up with the writes");

        stalled.Ended.ShouldBeTrue("the server drops a client whose send buffer is full instead of buffering without bound");
        stalled.Methods.GetValueOrDefault("job_created").ShouldBeLessThan(ids.Length);
    }

    [Fact]
    public async Task a_client_dropped_for_falling_behind_is_told_it_may_reconnect()
    {
        var (stalled, _, _, _) = await FloodAsync();

        stalled.Ended.ShouldBeTrue();
        var close = stalled.CloseMessage.ShouldNotBeNull();
        (close.TryGetProperty("allowReconnect", out var allow) && allow.GetBoolean()).ShouldBeTrue($"close message: {close}");
    }
}
