using System.Collections.Concurrent;
using System.Threading.Channels;
using System.Security.Cryptography;
using Marten;
using Marten.Services;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Net.Http.Headers;
using Npgsql;
using Zumodra.Admin.TimeTravel;
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
        builder.Services.AddSingleton<BrowseCacheAnnouncer>();
        builder.Services.AddHostedService(services => services.GetRequiredService<BrowseCacheAnnouncer>());
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

    // Routing ignores case, so /API/JOBS reads jobs too; this finds the module's own name for any spelling.
    private readonly Dictionary<string, string> _names = channels.Select(c => c.Name).Distinct().ToDictionary(n => n, StringComparer.OrdinalIgnoreCase);

    private readonly string _epoch = Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant();

    /// <summary>The module a browse request reads: <c>/api/jobs…</c> and <c>/jobs…</c> (in any case) read <c>jobs</c>.</summary>
    public string? ModuleOf(PathString path)
    {
        var segments = path.Value?.Split('/', StringSplitOptions.RemoveEmptyEntries) ?? [];
        var name = segments.Length > 0 && string.Equals(segments[0], "api", StringComparison.OrdinalIgnoreCase)
            ? segments.ElementAtOrDefault(1)
            : segments.FirstOrDefault();
        return name is not null && _names.TryGetValue(name, out var module) ? module : null;
    }

    public IEnumerable<string> Modules => _generations.Keys;

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
/// After the commit it bumps this node's generations at once, so the committing request's own answer is already followed
/// by fresh reads, and hands the modules to the <see cref="BrowseCacheAnnouncer"/> for the other nodes.
/// </summary>
internal sealed class BrowseCacheInvalidation(BrowseGenerations generations, IOutputCacheStore cache, BrowseCacheAnnouncer announcer)
    : DocumentSessionListenerBase
{
    public override async Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        var types = commit.GetEvents().Select(e => e.EventType)
            .Concat(commit.Inserted.Concat(commit.Updated).Concat(commit.Deleted).Select(d => d.GetType()));
        foreach (var module in types.Select(type => type.Assembly.GetName().Name).OfType<string>()
                     .Where(name => name.StartsWith("Zumodra.", StringComparison.Ordinal))
                     .Select(name => name["Zumodra.".Length..].ToLowerInvariant())
                     .Distinct())
        {
            if (!generations.Bump(module)) continue;
            announcer.Announce(module);
            await cache.EvictByTagAsync(module, token);
        }
    }
}

/// <summary>
/// Tells every node (and any other process) which modules' browse data changed, with a PostgreSQL NOTIFY per module on
/// <see cref="BrowseCacheChannel"/>. Announcements are group-committed: everything that committed while the previous
/// NOTIFY was on its way goes out together, with no timer, so under load a NOTIFY carries many commits. A NOTIFY inside
/// each writing transaction would be atomic with it, but PostgreSQL serializes the commits of notifying transactions
/// and wakes every listener for each; the browse bench measured 10–20% more CPU per admin write that way. What that
/// costs: a node that dies between a commit and its announcement leaves the other nodes' pages of that module stale
/// until the next change of it, the node's restart (it announces every module when it starts) or the 10-minute expiry.
/// </summary>
internal sealed class BrowseCacheAnnouncer(IConfiguration configuration, BrowseGenerations generations, ILogger<BrowseCacheAnnouncer> logger)
    : BackgroundService
{
    private readonly Channel<string> _pending = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });

    // One connection kept open, so that this node's listener can tell its own announcements (already applied at
    // commit) from other nodes' by the backend process id PostgreSQL delivers with each notification.
    private NpgsqlConnection? _connection;
    private int _processId;

    public void Announce(string module) => _pending.Writer.TryWrite(module);

    /// <summary>Whether a notification came from this node's own announcements.</summary>
    public bool IsOwn(int processId) => processId == Volatile.Read(ref _processId);

    /// <summary>Sends what is waiting now; for processes that commit without running the hosted services (the <c>seed</c> command).</summary>
    public async Task AnnouncePendingAsync(CancellationToken cancellation)
    {
        var modules = new HashSet<string>(StringComparer.Ordinal);
        while (_pending.Reader.TryRead(out var module)) modules.Add(module);
        if (modules.Count == 0) return;
        try
        {
            if (_connection is null)
            {
                var connection = new NpgsqlConnection(configuration.GetConnectionString("Zumodra"));
                _connection = connection;
                await connection.OpenAsync(cancellation);
                Volatile.Write(ref _processId, connection.ProcessID);
            }
            await using var notify = new NpgsqlCommand("select pg_notify(@channel, module) from unnest(@modules) as module", _connection);
            notify.Parameters.AddWithValue("channel", BrowseCacheChannel.Name);
            notify.Parameters.AddWithValue("modules", modules.ToArray());
            await notify.ExecuteNonQueryAsync(cancellation);
        }
        catch
        {
            await DisconnectAsync();
            foreach (var module in modules) Announce(module);
            throw;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        // A predecessor on this node may have died between a commit and its announcement.
        foreach (var module in generations.Modules) Announce(module);
        try
        {
            while (await _pending.Reader.WaitToReadAsync(stopping))
            {
                try
                {
                    await AnnouncePendingAsync(stopping);
                }
                catch (Exception failure) when (!stopping.IsCancellationRequested)
                {
                    logger.LogWarning(failure, "Could not announce browse changes to the other nodes; retrying");
                    await Task.Delay(TimeSpan.FromSeconds(1), stopping);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping: what committed last still goes out if the database allows.
            try
            {
                await AnnouncePendingAsync(CancellationToken.None);
            }
            catch (Exception failure)
            {
                logger.LogWarning(failure, "Could not announce the last browse changes while stopping");
            }
        }
    }

    public override void Dispose()
    {
        _connection?.Dispose();
        base.Dispose();
    }

    private async ValueTask DisconnectAsync()
    {
        Volatile.Write(ref _processId, 0);
        if (_connection is { } connection)
        {
            _connection = null;
            await connection.DisposeAsync();
        }
    }
}

/// <summary>
/// Listens for the commits of other nodes and processes. It starts listening before the server takes requests, and
/// after any reconnect assumes everything changed. This node's own announcements are skipped: it evicted at commit.
/// </summary>
internal sealed class BrowseCacheNotifications(
    IConfiguration configuration, BrowseGenerations generations, IOutputCacheStore cache, BrowseCacheAnnouncer announcer,
    ILogger<BrowseCacheNotifications> logger) : BackgroundService
{
    private NpgsqlConnection? _listening;

    public override async Task StartAsync(CancellationToken cancellation)
    {
        try
        {
            _listening = await ListenAsync(cancellation);
        }
        catch (NpgsqlException failure)
        {
            logger.LogWarning(failure, "Could not listen for browse cache notifications; retrying in the background");
        }
        await base.StartAsync(cancellation);
    }

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                // Only the connection made before serving has heard everything since the first response was cached.
                var connection = Interlocked.Exchange(ref _listening, null);
                var mayHaveMissedSome = connection is null;
                await using (connection ??= await ListenAsync(stopping))
                {
                    if (mayHaveMissedSome)
                        foreach (var module in generations.Modules) await Invalidate(module);
                    while (true) await connection.WaitAsync(stopping);
                }
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

    private async Task<NpgsqlConnection> ListenAsync(CancellationToken cancellation)
    {
        var connection = new NpgsqlConnection(configuration.GetConnectionString("Zumodra"));
        try
        {
            await connection.OpenAsync(cancellation);
            connection.Notification += (_, notification) =>
            {
                if (!announcer.IsOwn(notification.PID)) _ = Invalidate(notification.Payload);
            };
            await using var listen = new NpgsqlCommand($"listen {BrowseCacheChannel.Name}", connection);
            await listen.ExecuteNonQueryAsync(cancellation);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async Task Invalidate(string module)
    {
        if (generations.Bump(module)) await cache.EvictByTagAsync(module, CancellationToken.None);
    }
}

/// <summary>
/// ETag and revalidation for browse GETs: a client holding the current ETag gets 304 without any work; everyone is
/// told to revalidate (<c>no-cache</c>), so browsers never show a page older than the last commit. Time travel
/// (<c>?version</c>, <c>?asOf</c>) is left alone: the generation says nothing about the past, and only an admin may see it.
/// </summary>
internal sealed class BrowseValidation(RequestDelegate next, BrowseGenerations generations)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)) return next(context);
        if (PointInTime.IsRequested(context.Request.Query)) return next(context);
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
            && !PointInTime.IsRequested(request.Query)
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
