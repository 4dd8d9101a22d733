using Wolverine.Configuration;
using Wolverine.Runtime;

namespace Zumodra.Host.Infrastructure;

/// <summary>
/// Hosted services stop in the reverse order of their registration, and Wolverine's is registered before the services
/// its handlers wait on (the live relay): the relay would stop first and every change still queued would fail with a
/// cancellation. Wolverine's queues are drained here instead, before any hosted service stops, while the relay still
/// runs; what arrives after stays in the durable inbox for the next start.
/// </summary>
internal sealed class OrderlyShutdown(IWolverineRuntime runtime) : IHostedLifecycleService
{
    public Task StoppingAsync(CancellationToken cancellationToken) => ((EndpointCollection)runtime.Endpoints).DrainAsync();

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
