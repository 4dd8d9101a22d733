using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Wolverine;
using Zumodra.Live.Contracts;
using Zumodra.BuildingBlocks;
using Zumodra.Live.Feed;
using Zumodra.Live.Filtering;
using Zumodra.Live.Hubs;
using Zumodra.Live.RateLimiting;

namespace Zumodra.Live;

public static class LiveModule
{
    public const string HubPath = "/hubs/live";
    private const string Queue = "live";

    /// <summary>
    /// Relays every module's <see cref="BrowseItemChanged"/> to SignalR clients. The changes arrive through a
    /// durable local queue fed by the modules' projections in their own transactions. In a cluster (see
    /// <see cref="Cluster"/>) each node records what it received and pushes what every node recorded.
    /// </summary>
    public static IServiceCollection AddLiveModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<LiveOptions>(configuration.GetSection(LiveOptions.Section));
        services.AddSignalR(hub =>
        {
            hub.AddFilter<LiveProblemFilter>();
            hub.AddFilter<InvocationLimitFilter>();
        });
        services.AddLogging(logging => logging.AddFilter(LiveProblemFilter.DispatcherCategory, LogLevel.None));
        services.AddOptions<HubOptions>()
            .Configure<IOptions<LiveOptions>>((hub, live) =>
            {
                hub.MaximumReceiveMessageSize = live.Value.MaxClientMessageBytes;
                hub.ClientTimeoutInterval = live.Value.ClientTimeout;
            });
        services.AddSingleton<HubLifetimeManager<LiveHub>, LiveHubLifetimeManager>();
        services.TryAddSingleton<BrowseModules>();
        services.AddSingleton<LiveTelemetry>();
        services.AddSingleton<LiveClients>();
        services.AddSingleton<FanOutThread>();
        services.AddSingleton<LiveChangeLog>();
        var clustered = Cluster.IsOn(configuration);
        // LiveRelay is public for Wolverine's generated code but built here: its constructor takes internal types.
        services.AddSingleton(provider => new LiveRelay(provider.GetRequiredService<LiveChangeLog>(),
            clustered ? null : provider.GetRequiredService<LiveClients>(), provider.GetRequiredService<ILogger<LiveRelay>>()));
        services.AddHostedService(provider => provider.GetRequiredService<LiveRelay>());
        if (clustered) services.AddHostedService<LiveChangeTail>();
        // A node whose relay is stuck still serves pages, but its visitors see nothing live: not ready.
        services.AddHealthChecks().AddCheck<RelayLagCheck>(RelayLagCheck.Name);
        services.AddSingleton<IFullTextMatcher, FullTextMatcher>();
        if (clustered) services.AddClusterRedis(configuration).AddSingleton<ILiveCounters, RedisLiveCounters>();
        else services.AddSingleton<ILiveCounters, InMemoryLiveCounters>();
        services.AddSingleton<LiveBudgets>();

        services.ConfigureMarten(opts =>
        {
            var log = opts.Schema.For<LiveChange>().DatabaseSchemaName("live");
            // A column of its own: the recording lock reads its maximum, and unique, so no two changes ever share a place.
            log.Duplicate(x => x.Position, configure: index => index.IsUnique = true);
            log.Index(x => x.Channel);
        });
        services.ConfigureWolverine(opts =>
        {
            opts.Discovery.IncludeAssembly(typeof(LiveModule).Assembly);
            // Handled side by side so that the relay can record whatever waits in one transaction (see LiveRelay).
            opts.LocalQueue(Queue).MaximumParallelMessages(LiveRelay.MaxBatch).UseDurableInbox();
            opts.PublishMessage<BrowseItemChanged>().ToLocalQueue(Queue);
        });
        return services;
    }

    public static WebApplication MapLiveModule(this WebApplication app)
    {
        app.UseWhen(context => context.Request.Path.StartsWithSegments(HubPath), live => live
            .UseMiddleware<ConnectionLimitMiddleware>()
            .UseMiddleware<JoinPointMiddleware>());
        app.MapHub<LiveHub>(HubPath, options => options.Transports = HttpTransportType.WebSockets | HttpTransportType.ServerSentEvents);
        return app;
    }
}
