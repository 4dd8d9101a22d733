using JasperFx.CommandLine;
using Marten;
using Wolverine.Configuration;
using Wolverine.Runtime;
using Zumodra.BuildingBlocks;
using Zumodra.BrowseCache;

namespace Zumodra.Host.Commands;

[Description("Writes every module's demo data; idempotent")]
public sealed class SeedCommand : JasperFxAsyncCommand<NetCoreInput>
{
    public override async Task<bool> Execute(NetCoreInput input)
    {
        using var host = input.BuildHost();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        // Projections publish through Wolverine's outbox, so Wolverine must run; the web server need not.
        var runtime = host.Services.GetRequiredService<IWolverineRuntime>();
        var wolverine = (IHostedService)runtime;
        await wolverine.StartAsync(CancellationToken.None);
        // This process only writes. What the writes queue (live changes, open-job counts, company names) stays in the
        // durable inbox and is handled by the server: at once if it runs, else when it starts. Handling it here would
        // need the server's hosted services (the live relay does not run here: its handlers would wait on it until
        // Wolverine cancelled them on stop, after a 30 s drain).
        ((EndpointCollection)runtime.Endpoints).LatchAllReceivers();
        foreach (var module in host.Services.GetServices<IDemoData>().OrderBy(x => x.Order))
        {
            await using var session = store.LightweightSession();
            var added = await module.SeedAsync(session, CancellationToken.None);
            await session.SaveChangesAsync();
            Console.WriteLine($"{module.GetType().Name}: {added} added");
        }
        // The hosted services do not run here, so the running nodes are told of the new data now.
        await host.Services.AnnounceBrowseChangesAsync(CancellationToken.None);
        // Stopping releases this process's claim on the inbox, so the server takes those messages over.
        await wolverine.StopAsync(CancellationToken.None);
        return true;
    }
}
