using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using RedisRateLimiting;
using StackExchange.Redis;
using Zumodra.BuildingBlocks;

namespace Zumodra.Host.Infrastructure;

/// <summary>Bound from <c>Zumodra:RateLimiting</c>.</summary>
public sealed class HttpRateLimitOptions
{
    public const string Section = "Zumodra:RateLimiting";

    public bool Enabled { get; set; } = true;

    /// <summary>Requests per minute per client IP to the public API and pages.</summary>
    public int PublicRequestsPerMinute { get; set; } = 1200;

    /// <summary>Admin writes (POST, PUT, PATCH, DELETE under <c>/api</c>) per minute per client IP.</summary>
    public int AdminWritesPerMinute { get; set; } = 120;

    /// <summary>CSV and PDF exports (<c>/api/{channel}/export.csv|pdf</c>) per minute per client IP: each may read 100,000 rows.</summary>
    public int ExportsPerMinute { get; set; } = 10;
}

/// <summary>
/// Per-IP limits (the IP forwarded headers resolved, which only trusted proxies may set), counted across the nodes in
/// Redis in a cluster. Health checks and metrics scrapes are exempt and the live hub has its own connection and invocation limits. Excess
/// requests get 429, Retry-After and a ProblemDetails.
/// </summary>
internal static class HttpRateLimiting
{
    public static WebApplicationBuilder AddHttpRateLimiting(this WebApplicationBuilder builder)
    {
        var limits = builder.Configuration.GetSection(HttpRateLimitOptions.Section).Get<HttpRateLimitOptions>() ?? new HttpRateLimitOptions();
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = RejectAsync;
        });
        if (Cluster.IsOn(builder.Configuration))
            builder.Services.AddClusterRedis(builder.Configuration).AddOptions<RateLimiterOptions>().Configure<IConnectionMultiplexer, RedisOutageLog>((options, redis, outages) =>
                options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, limits, (key, perMinute) =>
                    RateLimitPartition.Get(key, _ => new FailOpenRateLimiter(new RedisSlidingWindowRateLimiter<string>(ClusterPrefix + key,
                        new RedisSlidingWindowRateLimiterOptions { ConnectionMultiplexerFactory = () => redis, PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1) }), outages)))));
        else
            builder.Services.Configure<RateLimiterOptions>(options =>
                options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, limits, (key, perMinute) =>
                    RateLimitPartition.GetSlidingWindowLimiter(key, _ => Window(perMinute)))));
        return builder;
    }

    /// <summary>The cluster's counters in Redis, apart from anything else kept there.</summary>
    private const string ClusterPrefix = "zumodra:http:";

    /// <param name="limiter">A limiter of <c>perMinute</c> requests for the partition key: in memory on one node, shared in Redis in a cluster.</param>
    private static RateLimitPartition<string> Partition(HttpContext context, HttpRateLimitOptions limits, Func<string, int, RateLimitPartition<string>> limiter)
    {
        var path = context.Request.Path;
        if (!limits.Enabled || path.StartsWithSegments("/health") || path.StartsWithSegments("/hubs") || path.StartsWithSegments(Telemetry.MetricsPath))
            return RateLimitPartition.GetNoLimiter("exempt");

        var ip = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var write = path.StartsWithSegments("/api") && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method);
        if (write) return limiter($"admin:{ip}", limits.AdminWritesPerMinute);
        return BrowseExportPath.Matches(path) ? limiter($"export:{ip}", limits.ExportsPerMinute) : limiter($"public:{ip}", limits.PublicRequestsPerMinute);
    }

    private static SlidingWindowRateLimiterOptions Window(int perMinute) => new()
    {
        PermitLimit = perMinute,
        Window = TimeSpan.FromMinutes(1),
        SegmentsPerWindow = 6,
        QueueLimit = 0,
    };

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellation)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(10);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = $"Retry after {seconds} s.",
            },
        });
    }
}
