using Marten;
using Microsoft.AspNetCore.Authorization;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Zumodra.BuildingBlocks;

namespace Zumodra.Host.Infrastructure;

/// <summary>Bound from <c>Zumodra:Metrics</c>.</summary>
internal sealed class MetricsOptions
{
    public const string Section = "Zumodra:Metrics";

    /// <summary>Serve <c>/metrics</c> to anyone (a scraper on a network that keeps the public out); otherwise admins only.</summary>
    public bool Public { get; set; }
}

/// <summary>
/// OpenTelemetry. Metrics of ASP.NET Core (rate-limit refusals among them), HttpClient, the runtime, Npgsql, Marten,
/// Wolverine and the modules' own meters (<c>Zumodra.*</c>), scraped by Prometheus at <c>/metrics</c>. Traces of the same
/// sources only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set: they go out over OTLP with the metrics and logs, and
/// without an endpoint nothing would read them. <c>/metrics</c> is off the HTTP rate limits (see <see cref="HttpRateLimiting"/>).
/// </summary>
internal static class Telemetry
{
    public const string MetricsPath = "/metrics";

    private static readonly string[] Sources = ["Zumodra.*", "Marten", "Npgsql"];

    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("zumodra"))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                // Wolverine's meter is named after the service ("Wolverine:<name>").
                .AddMeter([.. Sources, "Wolverine*"])
                .AddPrometheusExporter());
        builder.Services.ConfigureMarten(opts => opts.OpenTelemetry.TrackEventCounters());
        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])) return builder;

        telemetry
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddSource([.. Sources, "Wolverine"]))
            .UseOtlpExporter();
        // Marten's own connection spans stay off: with sticky connections its tracing wrapper fails every explicit
        // transaction (the live change log's). Npgsql's spans show a write's append and commit instead.
        return builder;
    }

    /// <summary><c>/metrics</c>: for admins (bearer token), or for anyone with <see cref="MetricsOptions.Public"/>.</summary>
    public static WebApplication MapMetrics(this WebApplication app)
    {
        // Scrapes are not HTTP traffic worth measuring.
        var endpoint = app.MapPrometheusScrapingEndpoint(MetricsPath).DisableHttpMetrics();
        var options = app.Configuration.GetSection(MetricsOptions.Section).Get<MetricsOptions>() ?? new MetricsOptions();
        if (!options.Public) endpoint.RequireAuthorization(new AuthorizeAttribute { Roles = Roles.Admin });
        return app;
    }
}
