using Zumodra.Tests.Infrastructure;

namespace Zumodra.Tests.Hosting;

public sealed class HostApp : IAsyncLifetime
{
    public LiveServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await LiveServer.StartAsync("host");

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class HostCollection : ICollectionFixture<HostApp>
{
    public const string Name = "host";
}
