using System.Collections.Concurrent;
using System.Security.Cryptography;
using Marten;
using Marten.Services;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Net.Http.Headers;
using Npgsql;
using Zumodra.BuildingBlocks;

namespace Zumodra.Host.Infrastructure;

/// <summary>
/// Browse responses (the JSON API and the pages of every module with a live channel) are cached and never stale:
/// each module has a generation that every commit touching the module bumps (in the committing request, before
/// it answers), and the generation is part of the cache key and of the ETag. A response computed before a commit
/// can only ever be found under the old generation, which nobody asks for any more.
/// </summary>
internal static class BrowseCaching
{
    public static WebApplicationBuilder AddBrowseCaching(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<BrowseGenerations>();
        builder.Services.AddSingleton<BrowseCacheInvalidation>();
        builder.Services.AddHostedService<BrowseCacheNotifications>();
        builder.Services.ConfigureMarten((services, opts) => opts.Listeners.Add(services.GetRequiredService<BrowseCacheInvalidation>()));
        builder.Services.AddOutputCache(options =>
        {
            options.AddBasePolicy(new BrowseCachePolicy());
            options.SizeLimit = 256L * 1024 * 1024;
        });
        builder.Services.AddResponseCompression(options =>
        {
            options.EnableForHttps = true;
            options.MimeTypes = ["application/json", "application/problem+json", "application/geo+json", "text/html", "text/css", "text/javascript", "application/javascript", "image/svg+xml"];
        });
        return builder;
    }

    public static WebApplication UseBrowseCaching(this WebApplication app)
    {
        app.UseMiddleware<BrowseValidation>();
        app.UseOutputCache();
        return app;
    }
}

/// <summary>The per-module generations; the epoch makes ETags from before a restart never match.</summary>
internal sealed class BrowseGenerations(IEnumerable<LiveChannel> channels)
{
    private readonly ConcurrentDictionary<string, long> _generations =
        new(channels.Select(c => KeyValuePair.Create(c.Name, 0L)), StringComparer.Ordinal);

    private readonly string _epoch = Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant();

    /// <summary>The module a browse request reads: <c>/api/jobs…</c> and <c>/jobs…</c> read <c>jobs</c>.</summary>
    public string? ModuleOf(PathString path)
    {
        var segments = path.Value?.Split('/', StringSplitOptions.RemoveEmptyEntries) ?? [];
        var name = segments.Length > 0 && segments[0] == "api" ? segments.ElementAtOrDefault(1) : segments.FirstOrDefault();
        return name is not null && _generations.ContainsKey(name) ? name : null;
    }

    public IEnumerable<string> Modules => _generations.Keys;

    public bool IsModule(string name) => _generations.ContainsKey(name);

    public long Current(string module) => _generations[module];

    public string ETag(string module) => $"W/\"{_epoch}-{Current(module)}\"";

    public bool Bump(string module)
    {
        if (!_generations.ContainsKey(module)) return false;
        _generations.AddOrUpdate(module, 1, (_, generation) => generation + 1);
        return true;
    }
}

/// <summary>
/// Finds the modules a commit writes (by the assembly of its events and documents, <c>Zumodra.Jobs</c> → <c>jobs</c>).
/// Inside the transaction it queues a PostgreSQL NOTIFY per module, which reaches every node (and any other process,
/// such as the <c>seed</c> command) only if the commit succeeds; after the commit it bumps this node's generations
/// at once, so the committing request's own answer is already followed by fresh reads.
/// </summary>
internal sealed class BrowseCacheInvalidation(BrowseGenerations generations, IOutputCacheStore cache) : DocumentSessionListenerBase
{
    public override Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
    {
        var pending = session.PendingChanges;
        var types = pending.Streams().SelectMany(stream => stream.Events).Select(e => e.EventType)
            .Concat(pending.Inserts().Concat(pending.Updates()).Select(document => document.GetType()));
        // Materialized first: queueing a command changes the pending operations being read.
        foreach (var module in Modules(types).ToList()) session.QueueSqlCommand("select pg_notify(?, ?)", BrowseCacheChannel.Name, module);
        return Task.CompletedTask;
    }

    public override async Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        var types = commit.GetEvents().Select(e => e.EventType)
            .Concat(commit.Inserted.Concat(commit.Updated).Concat(commit.Deleted).Select(d => d.GetType()));
        foreach (var module in Modules(types))
            if (generations.Bump(module))
                await cache.EvictByTagAsync(module, token);
    }

    private IEnumerable<string> Modules(IEnumerable<Type> types) =>
        types.Select(type => type.Assembly.GetName().Name).OfType<string>()
            .Where(name => name.StartsWith("Zumodra.", StringComparison.Ordinal))
            .Select(name => name["Zumodra.".Length..].ToLowerInvariant())
            .Distinct()
            .Where(generations.IsModule);
}

/// <summary>Listens for the commits of other nodes and processes; after any reconnect, assumes everything changed.</summary>
internal sealed class BrowseCacheNotifications(IConfiguration configuration, BrowseGenerations generations, IOutputCacheStore cache, ILogger<BrowseCacheNotifications> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(configuration.GetConnectionString("Zumodra"));
                await connection.OpenAsync(stopping);
                connection.Notification += (_, notification) => _ = Invalidate(notification.Payload);
                await using (var listen = new NpgsqlCommand($"listen {BrowseCacheChannel.Name}", connection))
                    await listen.ExecuteNonQueryAsync(stopping);
                foreach (var module in generations.Modules) await Invalidate(module);
                while (true) await connection.WaitAsync(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception failure)
            {
                logger.LogWarning(failure, "Lost the browse cache notifications; reconnecting");
                await Task.Delay(TimeSpan.FromSeconds(1), stopping);
            }
        }
    }

    private async Task Invalidate(string module)
    {
        if (generations.Bump(module)) await cache.EvictByTagAsync(module, CancellationToken.None);
    }
}

/// <summary>
/// ETag and revalidation for browse GETs: a client holding the current ETag gets 304 without any work; everyone is
/// told to revalidate (<c>no-cache</c>), so browsers never show a page older than the last commit.
/// </summary>
internal sealed class BrowseValidation(RequestDelegate next, BrowseGenerations generations)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)) return next(context);
        if (generations.ModuleOf(context.Request.Path) is not { } module) return next(context);

        var etag = generations.ETag(module);
        if (context.Request.Headers.IfNoneMatch.ToString() == etag)
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            context.Response.Headers.ETag = etag;
            return Task.CompletedTask;
        }
        context.Response.OnStarting(() =>
        {
            if (context.Response.StatusCode == StatusCodes.Status200OK)
            {
                context.Response.Headers.ETag = etag;
                context.Response.Headers.CacheControl = "no-cache";
            }
            return Task.CompletedTask;
        });
        return next(context);
    }
}

/// <summary>Caches anonymous GETs of browse paths, varied by every query parameter and by the module's generation.</summary>
internal sealed class BrowseCachePolicy : IOutputCachePolicy
{
    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var request = context.HttpContext.Request;
        var generations = context.HttpContext.RequestServices.GetRequiredService<BrowseGenerations>();
        var module = generations.ModuleOf(request.Path);
        var cacheable = module is not null
            && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            // Anything that can differ per visitor is never shared.
            && !request.Headers.ContainsKey(HeaderNames.Authorization)
            && !request.Headers.ContainsKey(HeaderNames.Cookie);
        context.EnableOutputCaching = cacheable;
        if (!cacheable) return ValueTask.CompletedTask;

        context.AllowCacheLookup = true;
        context.AllowCacheStorage = true;
        context.AllowLocking = true;
        context.CacheVaryByRules.QueryKeys = "*";
        context.CacheVaryByRules.HeaderNames = new[] { HeaderNames.Accept, HeaderNames.AcceptLanguage };
        context.CacheVaryByRules.VaryByValues["generation"] = generations.Current(module!).ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Tags.Add(module!);
        context.ResponseExpirationTimeSpan = TimeSpan.FromMinutes(10);
        return ValueTask.CompletedTask;
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        // Only whole, successful answers are worth keeping; never a response that sets a cookie.
        if (context.HttpContext.Response.StatusCode != StatusCodes.Status200OK
            || context.HttpContext.Response.Headers.ContainsKey(HeaderNames.SetCookie))
            context.AllowCacheStorage = false;
        return ValueTask.CompletedTask;
    }
}
