using StackExchange.Redis;
using Zumodra.BuildingBlocks;

namespace Zumodra.Live.RateLimiting;

/// <summary>
/// The live limits' counters for a cluster, shared by every node in Redis: a sorted set per key, each step one Lua script
/// (atomic on the server). While Redis cannot be reached, every limit lets clients through (logged): a visitor must not
/// lose the site because a counter store is down.
/// </summary>
internal sealed class RedisLiveCounters(IConnectionMultiplexer redis, TimeProvider time, RedisOutageLog outages) : ILiveCounters
{
    private const string Prefix = "zumodra:live:";

    // Slots: member = slot, score = when its lease lapses (ms). Returns -1 when taken, else the earliest lapse.
    private static readonly LuaScript Acquire = LuaScript.Prepare("""
        redis.call('ZREMRANGEBYSCORE', @key, '-inf', @now)
        if redis.call('ZCARD', @key) < tonumber(@max) then
          redis.call('ZADD', @key, @until, @slot)
          redis.call('PEXPIRE', @key, @lease)
          return -1
        end
        return tonumber(redis.call('ZRANGE', @key, 0, 0, 'WITHSCORES')[2])
        """);

    private static readonly LuaScript Renew = LuaScript.Prepare("""
        if redis.call('ZADD', @key, 'XX', 'CH', @until, @slot) == 1 then redis.call('PEXPIRE', @key, @lease) end
        return 0
        """);

    // Hits: member = "<time>:<weight>:<unique>", score = time (ms). Returns -1 when counted, else when the total falls under max.
    private static readonly LuaScript Hit = LuaScript.Prepare("""
        redis.call('ZREMRANGEBYSCORE', @key, '-inf', tonumber(@now) - tonumber(@window))
        local hits = redis.call('ZRANGE', @key, 0, -1, 'WITHSCORES')
        local total = 0
        for i = 1, #hits, 2 do total = total + tonumber(string.match(hits[i], '^[^:]+:([^:]+)')) end
        if total < tonumber(@max) then
          redis.call('ZADD', @key, @now, @now .. ':' .. @weight .. ':' .. @unique)
          redis.call('PEXPIRE', @key, @window)
          return -1
        end
        for i = 1, #hits, 2 do
          total = total - tonumber(string.match(hits[i], '^[^:]+:([^:]+)'))
          if total < tonumber(@max) then return tonumber(hits[i + 1]) + tonumber(@window) end
        end
        return tonumber(@now) + tonumber(@window)
        """);

    public async ValueTask<LimitDecision> TryAcquireSlotAsync(string key, string slot, int max, TimeSpan leaseTime)
    {
        var now = Now();
        var lapse = await Run(Acquire, new
        {
            key = Key(key), slot, max, now, until = now + (long)leaseTime.TotalMilliseconds, lease = (long)leaseTime.TotalMilliseconds,
        });
        return lapse is null or < 0 ? LimitDecision.Allow : LimitDecision.Deny(TimeSpan.FromMilliseconds(lapse.Value - now));
    }

    public async ValueTask RenewSlotAsync(string key, string slot, TimeSpan leaseTime) =>
        await Run(Renew, new { key = Key(key), slot, until = Now() + (long)leaseTime.TotalMilliseconds, lease = (long)leaseTime.TotalMilliseconds });

    public async ValueTask ReleaseSlotAsync(string key, string slot) =>
        await Safely(() => redis.GetDatabase().SortedSetRemoveAsync(Key(key), slot));

    public async ValueTask<LimitDecision> TryHitAsync(string key, int max, TimeSpan window, int weight = 1)
    {
        var now = Now();
        var underMaxAt = await Run(Hit, new
        {
            key = Key(key), max, now, window = (long)window.TotalMilliseconds, weight, unique = Guid.NewGuid().ToString("N"),
        });
        return underMaxAt is null or < 0 ? LimitDecision.Allow : LimitDecision.Deny(TimeSpan.FromMilliseconds(underMaxAt.Value - now));
    }

    public async ValueTask ForgetAsync(string key) => await Safely(() => redis.GetDatabase().KeyDeleteAsync(Key(key)));

    private static RedisKey Key(string key) => Prefix + key;

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>The script's number, or null when Redis could not be asked (the limit then lets the client through).</summary>
    private async Task<long?> Run(LuaScript script, object parameters)
    {
        var result = await Safely(() => redis.GetDatabase().ScriptEvaluateAsync(script, parameters));
        return result is null ? null : (long)result;
    }

    private async Task<T?> Safely<T>(Func<Task<T>> call) where T : class?
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            Unreachable(e);
            return null;
        }
    }

    private async Task Safely(Func<Task<bool>> call)
    {
        try
        {
            await call();
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            Unreachable(e);
        }
    }

    private void Unreachable(Exception e) => outages.Unreachable(e, "The live limits");
}
