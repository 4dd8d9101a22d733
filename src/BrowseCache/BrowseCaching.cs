using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.DependencyInjection;
using Zumodra.BuildingBlocks;

namespace Zumodra.BrowseCache;

/// <summary>
/// Browse responses (the JSON API and the pages of every registered browse module) are cached and never stale:
/// each module has a generation that every commit touching the module bumps (in the committing request, before
/// it answers), and the generation is part of the cache key and of the ETag. A response computed before a commit
/// can only ever be found under the old generation, which nobody asks for any more.
/// </summary>
public static class BrowseCaching
{
    public static IServiceCollection AddBrowseCache(this IServiceCollection services)
    {
        services.AddSingleton<BrowseGenerations>();
        services.AddSingleton<BrowseCacheMetrics>();
        services.AddSingleton<BrowseCacheEviction>();
        services.AddSingleton<IBrowseCacheEviction>(provider => provider.GetRequiredService<BrowseCacheEviction>());
        services.AddSingleton<BrowseCacheInvalidation>();
        services.AddSingleton<BrowseCacheAnnouncer>();
        services.AddHostedService(provider => provider.GetRequiredService<BrowseCacheAnnouncer>());
        services.AddHostedService<BrowseCacheNotifications>();
        services.ConfigureMarten((provider, opts) => opts.Listeners.Add(provider.GetRequiredService<BrowseCacheInvalidation>()));
        services.AddOutputCache(options => options.SizeLimit = 256L * 1024 * 1024);
        services.AddOptions<OutputCacheOptions>().Configure<BrowseGenerations, BrowseCacheMetrics>((options, generations, metrics) =>
            options.AddBasePolicy(new BrowseCachePolicy(generations, metrics)));
        services.AddResponseCompression(options =>
        {
            options.EnableForHttps = true;
            options.MimeTypes = ["application/json", "application/problem+json", "application/geo+json", "text/html", "text/css", "text/javascript", "application/javascript", "image/svg+xml"];
        });
        return services;
    }

    /// <summary>Tells the running nodes of this process's commits now: for a process that does not run the hosted services (the <c>seed</c> command).</summary>
    public static Task AnnounceBrowseChangesAsync(this IServiceProvider services, CancellationToken cancellation) =>
        services.GetRequiredService<BrowseCacheAnnouncer>().AnnouncePendingAsync(cancellation);

    public static IApplicationBuilder UseBrowseCache(this IApplicationBuilder app)
    {
        app.UseMiddleware<BrowseValidation>();
        app.UseOutputCache();
        return app;
    }
}
