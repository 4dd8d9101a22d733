using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;
using Zumodra.BuildingBlocks;

namespace Zumodra.Host.Infrastructure;

/// <summary>
/// <c>/health/live</c>: the process answers (no dependency asked, so a database outage never gets a node restarted).
/// <c>/health/ready</c>: every registered check (PostgreSQL, Redis in a cluster, the modules' own such as the live relay's
/// lag), 503 when one fails, a JSON body naming each and what is wrong. <c>/health</c>: PostgreSQL alone, as the scripts and
/// the load balancer of <c>scripts/cluster.sh</c> have always asked (a lagging relay must not empty the balancer).
/// Not rate limited (see <see cref="HttpRateLimiting"/>).
/// </summary>
internal static class HealthEndpoints
{
    public const string Postgresql = "postgresql";
    public const string Redis = "redis";

    /// <summary>A probe answers in seconds even when a dependency hangs.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static WebApplicationBuilder AddHealthEndpoints(this WebApplicationBuilder builder)
    {
        var checks = builder.Services.AddHealthChecks()
            .AddNpgSql(builder.Configuration.GetConnectionString("Zumodra")!, name: Postgresql, timeout: Timeout);
        if (Cluster.IsOn(builder.Configuration))
        {
            builder.Services.AddClusterRedis(builder.Configuration);
            checks.AddRedis(services => services.GetRequiredService<IConnectionMultiplexer>(), name: Redis, timeout: Timeout);
        }
        return builder;
    }

    public static WebApplication MapHealthEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = check => check.Name == Postgresql });
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteJsonAsync });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { ResponseWriter = WriteJsonAsync });
        return app;
    }

    /// <summary><c>{ "status", "checks": { "postgresql": { "status", "description", "durationMs" }, … } }</c>.</summary>
    private static Task WriteJsonAsync(HttpContext context, HealthReport report) =>
        context.Response.WriteAsJsonAsync(new HealthAnswer(report.Status.ToString(), report.Entries.ToDictionary(
            entry => entry.Key,
            entry => new CheckAnswer(entry.Value.Status.ToString(),
                // A failing check often gives no description, only the exception (the NpgSql and Redis checks do).
                entry.Value.Description ?? entry.Value.Exception?.GetBaseException().Message,
                Math.Round(entry.Value.Duration.TotalMilliseconds, 1)))));

    private sealed record HealthAnswer(string Status, IReadOnlyDictionary<string, CheckAnswer> Checks);

    private sealed record CheckAnswer(string Status, string? Description, double DurationMs);
}
