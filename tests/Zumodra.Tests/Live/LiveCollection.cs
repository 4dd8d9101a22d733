using Zumodra.Tests.Infrastructure;

namespace Zumodra.Tests.Live;

/// <summary>
/// One real server process for the live tests that can share it. Its tests run one after another; the per-IP
/// connection limits are raised because every test connects from 127.0.0.1 and a closed connection's slot is only
/// freed once the server has finished that request (the limits themselves are tested on servers of their own).
/// </summary>
public sealed class LiveApp : IAsyncLifetime
{
    public LiveServer Server { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Server = await LiveServer.StartAsync("live", new()
        {
            ["Zumodra:Live:MaxConnectionsPerIp"] = "50",
            ["Zumodra:Live:MaxConnectionAttemptsPerIpPerMinute"] = "100000",
            ["Zumodra:Live:MaxInvocationsPerIpPerMinute"] = "100000",
        });

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class LiveCollection : ICollectionFixture<LiveApp>
{
    public const string Name = "live";
}

/// <summary>
/// One server with a catch-up of at most 3 changes and a send buffer of 5 messages per client, for the tests that
/// overflow them. Connection attempts are not limited here: a test waiting for a freed slot retries.
/// </summary>
public sealed class RestrictedLiveApp : IAsyncLifetime
{
    public LiveServer Server { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Server = await LiveServer.StartAsync("liverestricted", new()
        {
            ["Zumodra:Live:MaxCatchUpEvents"] = "3",
            ["Zumodra:Live:SendBufferPerConnection"] = "5",
            ["Zumodra:Live:MaxConnectionAttemptsPerIpPerMinute"] = "100000",
        });

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class RestrictedLiveCollection : ICollectionFixture<RestrictedLiveApp>
{
    public const string Name = "live-restricted";
}

/// <summary>
/// One server with the default connection and invocation limits, for the tests that count them (one after another).
/// Apart from the small-buffer server: a flood another test left behind must not cut these clients off as too slow.
/// Connection attempts are not limited here: a test waiting for a freed slot retries; that budget is tested apart.
/// </summary>
public sealed class LimitedLiveApp : IAsyncLifetime
{
    public LiveServer Server { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Server = await LiveServer.StartAsync("livelimited", new() { ["Zumodra:Live:MaxConnectionAttemptsPerIpPerMinute"] = "100000" });

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class LimitedLiveCollection : ICollectionFixture<LimitedLiveApp>
{
    public const string Name = "live-limited";
}
