using JasperFx.CommandLine;
using Marten;
using Wolverine.Runtime;
using Zumodra.BuildingBlocks;
using Zumodra.Host.Infrastructure;

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
        var wolverine = (IHostedService)host.Services.GetRequiredService<IWolverineRuntime>();
        await wolverine.StartAsync(CancellationToken.None);
        foreach (var module in host.Services.GetServices<IDemoData>().OrderBy(x => x.Order))
        {
            await using var session = store.LightweightSession();
            var added = await module.SeedAsync(session, CancellationToken.None);
            await session.SaveChangesAsync();
            Console.WriteLine($"{module.GetType().Name}: {added} added");
        }
        // The hosted services do not run here, so the running nodes are told of the new data now.
        await host.Services.GetRequiredService<BrowseCacheAnnouncer>().AnnouncePendingAsync(CancellationToken.None);
        await wolverine.StopAsync(CancellationToken.None);
        return true;
    }
}
