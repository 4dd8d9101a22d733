using Zumodra.Tests.Infrastructure;

namespace Zumodra.Tests.Projects;

/// <summary>
/// The real host process for the projects' live tests, on a database of its own. The per-IP connection limit is raised
/// because every test connects from 127.0.0.1 (the limit itself is tested by the Live tests).
/// </summary>
public sealed class ProjectsLiveApp : IAsyncLifetime
{
    public LiveServer Server { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Server = await LiveServer.StartAsync("projectslive", new() { ["Zumodra:Live:MaxConnectionsPerIp"] = "50" });

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ProjectsLiveCollection : ICollectionFixture<ProjectsLiveApp>
{
    public const string Name = "projectslive";
}
