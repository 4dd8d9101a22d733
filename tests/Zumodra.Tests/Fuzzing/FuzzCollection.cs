using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Zumodra.Tests.Infrastructure;

namespace Zumodra.Tests.Fuzzing;

/// <summary>The application in memory for the API fuzzing, with the errors it logs captured to name the cause of a 5xx.</summary>
public sealed class FuzzApp : AppFixture
{
    private readonly Lazy<Task<FuzzReport>> _apiRun;

    public FuzzApp() : base("fuzz") => _apiRun = new(() => ApiFuzzer.RunAsync(this));

    public ServerErrors Errors { get; } = new();

    /// <summary>The API cases, run once for all the tests that assert on them.</summary>
    internal Task<FuzzReport> ApiRun => _apiRun.Value;

    protected override void Configure(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(Errors);
}

/// <summary>
/// A real server process for the hub fuzzing. Its per-connection limits are raised so that random input reaches the
/// validation instead of the rate limiter (the limits have tests of their own); per-IP budgets added later must be raised
/// here too, or the fuzz cases only meet <c>rate_limited</c>.
/// </summary>
public sealed class FuzzLiveApp : IAsyncLifetime
{
    private readonly Lazy<Task<FuzzReport>> _hubRun;

    public FuzzLiveApp() => _hubRun = new(() => HubFuzzer.RunAsync(Server));

    public LiveServer Server { get; private set; } = null!;

    /// <summary>The hub cases, run once for all the tests that assert on them.</summary>
    internal Task<FuzzReport> HubRun => _hubRun.Value;

    public async Task InitializeAsync() =>
        Server = await LiveServer.StartAsync("fuzzlive", new()
        {
            ["Zumodra:Live:MaxConnectionsPerIp"] = "1000",
            ["Zumodra:Live:MaxInvocationsPerMinute"] = "1000000",
            ["Zumodra:Live:MaxInvocationsPerIpPerMinute"] = "1000000",
            ["Zumodra:Live:MaxCatchUpEventsPerIpPerMinute"] = "100000000",
            ["Zumodra:Live:MaxConnectionAttemptsPerIpPerMinute"] = "1000000",
        });

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class FuzzCollection : ICollectionFixture<FuzzApp>
{
    public const string Name = "fuzz";
}

/// <summary>The hub fuzzing runs next to the API fuzzing: one waits on sockets while the other waits on PostgreSQL.</summary>
[CollectionDefinition(Name)]
public sealed class FuzzLiveCollection : ICollectionFixture<FuzzLiveApp>
{
    public const string Name = "fuzz-live";
}
