using JasperFx.Events;
using Marten;
using Npgsql;
using Wolverine;
using Wolverine.Marten;
using Zumodra.BuildingBlocks;

namespace Zumodra.Host.Infrastructure;

internal static class EventStoreAndMessaging
{
    /// <summary>
    /// One Marten store (events and documents in PostgreSQL) shared by all modules, each keeping its
    /// documents in its own schema, and Wolverine with its durable inbox/outbox in the same database.
    /// </summary>
    public static WebApplicationBuilder AddEventStoreAndMessaging(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("Zumodra")
            ?? throw new InvalidOperationException(
                "ConnectionStrings:Zumodra is not configured (environment variable ConnectionStrings__Zumodra). scripts/run.sh starts a local PostgreSQL and sets it.");

        // Every write runs the same few Marten and Wolverine statements; prepared once per pooled connection, PostgreSQL
        // stops parsing and planning them each time: much less database CPU per admin write (bench/browse.sh).
        var connection = new NpgsqlConnectionStringBuilder(connectionString);
        if (connection.MaxAutoPrepare == 0) connection.MaxAutoPrepare = 100;

        builder.Services.AddMarten(opts =>
            {
                opts.Connection(connection.ConnectionString);
                // One connection per session, held until it is disposed: a write's sequence fetch (Rich appends) and
                // its commit, or a browse page's query and count, share one pooled connection and its reset instead of
                // two, which saves CPU on every admin write. Every session here is disposed.
                opts.UseStickyConnectionLifetimes = true;
                opts.DatabaseSchemaName = "zumodra";
                opts.Events.StreamIdentity = StreamIdentity.AsGuid;
                // Rich appends know each event's global sequence before inline projections run, so the
                // live changes they publish carry it.
                opts.Events.AppendMode = EventAppendMode.Rich;
                // Browse projections run inline and publish their live changes through Wolverine's outbox.
                opts.Events.EnableSideEffectsOnInlineProjections = true;
                opts.Events.MetadataConfig.UserNameEnabled = true;
                opts.Events.MetadataConfig.CorrelationIdEnabled = true;
                opts.Events.MetadataConfig.CausationIdEnabled = true;
            })
            .UseLightweightSessions()
            .IntegrateWithWolverine()
            .ApplyAllDatabaseChangesOnStartup();

        builder.Host.UseWolverine(opts =>
        {
            opts.UseGeneratedCode(builder.Environment);
            if (Cluster.IsOn(builder.Configuration))
            {
                // The nodes share the durable inbox/outbox; the survivors take over what a crashed node left in it once
                // they count it dead, here after 10 s without a heartbeat (Wolverine's default is a minute).
                opts.Durability.Mode = DurabilityMode.Balanced;
                opts.Durability.HealthCheckPollingTime = TimeSpan.FromSeconds(2);
                opts.Durability.StaleNodeTimeout = TimeSpan.FromSeconds(10);
            }
            else
            {
                // One node owns the durable inbox/outbox and takes over what a crashed predecessor left at once.
                opts.Durability.Mode = DurabilityMode.Solo;
            }
            // Every event records who wrote it: the HTTP user (the token's sub) flows into the Marten session as its user name.
            opts.EnableRelayOfUserName = true;
            opts.Policies.AutoApplyTransactions();
            opts.Policies.UseDurableLocalQueues();
            opts.Policies.UseDurableOutboxOnAllSendingEndpoints();
        });
        return builder;
    }
}
