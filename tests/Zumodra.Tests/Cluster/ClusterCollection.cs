using Zumodra.Tests.Infrastructure;

namespace Zumodra.Tests.Cluster;

/// <summary>Two nodes of one site: two host processes on one database, sharing a Redis of their own; default limits.</summary>
public sealed class TwoNodes : IAsyncLifetime
{
    public TestRedis Redis { get; private set; } = null!;
    public LiveServer A { get; private set; } = null!;
    public LiveServer B { get; private set; } = null!;

    public static Dictionary<string, string> Settings(TestRedis redis) => new()
    {
        ["ConnectionStrings:Redis"] = redis.ConnectionString,
        // Tests speak for client addresses of their own through X-Forwarded-For; without it all share 127.0.0.1.
        ["Zumodra:TrustedProxies:0"] = "127.0.0.1",
        ["Zumodra:RateLimiting:Enabled"] = "true",
        ["Zumodra:RateLimiting:PublicRequestsPerMinute"] = $"{PublicRequestsPerMinute}",
        ["Zumodra:RateLimiting:AdminWritesPerMinute"] = "100000",
    };

    /// <summary>Low, for the test of the cluster-wide HTTP limit; the other tests make admin writes and hub connections only.</summary>
    public const int PublicRequestsPerMinute = 10;

    public async Task InitializeAsync()
    {
        Redis = await TestRedis.StartAsync();
        A = await LiveServer.StartAsync("cluster", Settings(Redis));
        B = await A.StartAnotherNodeAsync();
    }

    public async Task DisposeAsync()
    {
        if (B is not null) await B.DisposeAsync();
        if (A is not null) await A.DisposeAsync();
        await Redis.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<TwoNodes>
{
    public const string Name = "cluster";
}
