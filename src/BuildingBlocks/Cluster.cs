using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Zumodra.BuildingBlocks;

/// <summary>
/// Whether this node is one of several serving the same site: setting <c>ConnectionStrings:Redis</c> switches cluster mode
/// on (shared limits in Redis, Wolverine's balanced durability, live pushes through the change log); without it one node
/// serves alone.
/// </summary>
public static class Cluster
{
    public static bool IsOn(IConfiguration configuration) => RedisConnectionString(configuration) is not null;

    /// <summary>
    /// The nodes' shared Redis connection, registered once whoever asks first. It does not wait for Redis at start-up and
    /// reconnects by itself: a node starts and serves while Redis is down (its users fall back as they each say).
    /// </summary>
    public static IServiceCollection AddClusterRedis(this IServiceCollection services, IConfiguration configuration)
    {
        var redis = RedisConnectionString(configuration) ?? throw new InvalidOperationException("ConnectionStrings:Redis is not set.");
        services.TryAddSingleton<RedisOutageLog>();
        services.TryAddSingleton<IConnectionMultiplexer>(_ =>
        {
            var options = ConfigurationOptions.Parse(redis);
            options.AbortOnConnectFail = false;
            // While disconnected a call fails at once (and its caller falls back) instead of waiting for the reconnect.
            options.BacklogPolicy = BacklogPolicy.FailFast;
            return ConnectionMultiplexer.Connect(options);
        });
        return services;
    }

    private static string? RedisConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString("Redis") is { Length: > 0 } redis ? redis : null;
}

/// <summary>
/// Says that Redis cannot be reached at most once per <see cref="Interval"/> for each user of it: every request and every
/// connection meets the outage, and each user lets clients through meanwhile.
/// </summary>
public sealed class RedisOutageLog(TimeProvider time, ILogger<RedisOutageLog> logger)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _lastLogged = new(StringComparer.Ordinal);

    /// <param name="user">What lets clients through meanwhile, e.g. "The live limits".</param>
    public void Unreachable(Exception exception, string user)
    {
        var now = time.GetTimestamp();
        var last = _lastLogged.GetOrAdd(user, 0);
        if (last != 0 && time.GetElapsedTime(last, now) < Interval) return;
        if (!_lastLogged.TryUpdate(user, now, last)) return;
        logger.LogWarning(exception, "{User} cannot reach Redis; letting clients through meanwhile", user);
    }
}
