using Zumodra.Tests.Infrastructure;

namespace Zumodra.Tests.Live;

/// <summary>One real server process for the live tests that can share it.</summary>
public sealed class LiveApp : IAsyncLifetime
{
    public LiveServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await LiveServer.StartAsync("live");

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class LiveCollection : ICollectionFixture<LiveApp>
{
    public const string Name = "live";
}
