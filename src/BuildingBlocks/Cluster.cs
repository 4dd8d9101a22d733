using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
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
