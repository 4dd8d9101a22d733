using Zumodra.Live.RateLimiting;

namespace Zumodra.Tests.Live;

/// <summary>
/// The in-memory connection slots under contention: one client's connections opening and closing at once, as a page's
/// reconnects do. A release that empties a client's slots must not let a concurrent acquire slip past the limit.
/// </summary>
public sealed class when_connection_slots_come_and_go
{
    [Fact]
    public async Task concurrent_acquires_and_releases_never_hold_more_than_the_limit()
    {
        var counters = new InMemoryLiveCounters(TimeProvider.System);
        var held = 0;
        var overTheLimit = 0;
        using var start = new Barrier(4);

        var clients = Enumerable.Range(0, 4).Select(client => Task.Run(async () =>
        {
            start.SignalAndWait();
            for (var attempt = 0; attempt < 50_000; attempt++)
            {
                var slot = $"{client}-{attempt}";
                if (!(await counters.TryAcquireSlotAsync("live-connections:10.0.0.1", slot, 1, TimeSpan.FromMinutes(5))).Allowed) continue;
                if (Interlocked.Increment(ref held) > 1) Interlocked.Increment(ref overTheLimit);
                Interlocked.Decrement(ref held);
                await counters.ReleaseSlotAsync("live-connections:10.0.0.1", slot);
            }
        })).ToArray();
        await Task.WhenAll(clients);

        overTheLimit.ShouldBe(0);
    }
}
