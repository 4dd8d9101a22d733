using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using Zumodra.BuildingBlocks;
using Zumodra.Live.RateLimiting;
using Zumodra.Tests.Infrastructure;

namespace Zumodra.Tests.Cluster;

/// <summary>The cluster's live limit counters against a real Redis, on a clock the test moves.</summary>
[Trait("Category", "Process")]
public sealed class when_the_live_limits_count_in_redis : IAsyncLifetime
{
    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    /// <summary>Counts the warnings logged.</summary>
    private sealed class Warnings : ILogger<RedisOutageLog>
    {
        public int Count;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning) Interlocked.Increment(ref Count);
        }
    }

    private readonly Clock _clock = new();
    private readonly Warnings _warnings = new();
    private TestRedis _redis = null!;
    private ConnectionMultiplexer _connection = null!;
    private RedisLiveCounters _counters = null!;

    public async Task InitializeAsync()
    {
        _redis = await TestRedis.StartAsync();
        var options = ConfigurationOptions.Parse(_redis.ConnectionString);
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 1000;
        options.SyncTimeout = options.AsyncTimeout = 1000;
        _connection = await ConnectionMultiplexer.ConnectAsync(options);
        _counters = new RedisLiveCounters(_connection, _clock, new RedisOutageLog(_clock, _warnings));
    }

    public async Task DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task slots_are_limited_lapse_unless_renewed_and_come_back_when_released()
    {
        var lease = TimeSpan.FromMinutes(5);
        (await _counters.TryAcquireSlotAsync("k", "one", 2, lease)).Allowed.ShouldBeTrue();
        _clock.Now += TimeSpan.FromMinutes(1);
        (await _counters.TryAcquireSlotAsync("k", "two", 2, lease)).Allowed.ShouldBeTrue();

        var refused = await _counters.TryAcquireSlotAsync("k", "three", 2, lease);
        refused.Allowed.ShouldBeFalse();
        refused.RetryAfter.ShouldBe(TimeSpan.FromMinutes(4), "when the oldest lease lapses");

        await _counters.RenewSlotAsync("k", "one", lease);
        _clock.Now += TimeSpan.FromMinutes(4.5);
        (await _counters.TryAcquireSlotAsync("k", "three", 2, lease)).Allowed.ShouldBeFalse("both leases still run: one was renewed");

        await _counters.ReleaseSlotAsync("k", "two");
        (await _counters.TryAcquireSlotAsync("k", "three", 2, lease)).Allowed.ShouldBeTrue();
    }

    [Fact]
    public async Task hits_are_counted_by_weight_within_the_window_and_a_refusal_says_when_enough_lapse()
    {
        var window = TimeSpan.FromMinutes(1);
        (await _counters.TryHitAsync("h", 10, window, weight: 6)).Allowed.ShouldBeTrue();
        _clock.Now += TimeSpan.FromSeconds(20);
        (await _counters.TryHitAsync("h", 10, window, weight: 6)).Allowed.ShouldBeTrue("under the maximum before it, so counted");

        var refused = await _counters.TryHitAsync("h", 10, window);
        refused.Allowed.ShouldBeFalse();
        refused.RetryAfter.ShouldBe(TimeSpan.FromSeconds(40), "when the first hit lapses, leaving 6 of 10");

        _clock.Now += TimeSpan.FromSeconds(40);
        (await _counters.TryHitAsync("h", 10, window)).Allowed.ShouldBeTrue();
        await _counters.ForgetAsync("h");
        (await _counters.TryHitAsync("h", 10, window, weight: 9)).Allowed.ShouldBeTrue("forgotten: counting starts again");
    }

    [Fact]
    public async Task while_redis_is_down_every_limit_lets_clients_through_and_counting_resumes_when_it_is_back()
    {
        (await _counters.TryAcquireSlotAsync("down", "one", 1, TimeSpan.FromMinutes(5))).Allowed.ShouldBeTrue();
        await _redis.StopAsync();

        (await _counters.TryAcquireSlotAsync("down", "two", 1, TimeSpan.FromMinutes(5))).Allowed.ShouldBeTrue();
        (await _counters.TryHitAsync("down-hits", 0, TimeSpan.FromMinutes(1))).Allowed.ShouldBeTrue();
        await _counters.ReleaseSlotAsync("down", "one");
        _warnings.Count.ShouldBe(1, "an outage is logged once, not once per call");

        await _redis.StartProcessAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!_connection.IsConnected && DateTime.UtcNow < deadline) await Task.Delay(100);
        (await _counters.TryAcquireSlotAsync("again", "one", 1, TimeSpan.FromMinutes(5))).Allowed.ShouldBeTrue();
        (await _counters.TryAcquireSlotAsync("again", "two", 1, TimeSpan.FromMinutes(5))).Allowed.ShouldBeFalse();
    }
}
