using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Zumodra.Host.Infrastructure;

internal static class WebPlatform
{
    /// <summary>ProblemDetails for every error, OpenAPI, health checks, forwarded headers from trusted proxies only.</summary>
    public static WebApplicationBuilder AddWebPlatform(this WebApplicationBuilder builder)
    {
        builder.Services.AddWolverineHttp();
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = NameTheFieldOfJsonErrors);
        // Admin bodies are small; anything near this is a mistake or an attack (413).
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 1024 * 1024);
        // Request processing continues on the socket's I/O thread instead of queueing behind the thread pool, which the
        // live fan-out keeps busy with socket writes: admin writes and the relay stay fast under load (see bench/run.sh).
        // Safe because nothing here blocks a thread; pair it with DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1.
        builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = builder.Configuration.GetValue("Zumodra:Kestrel:InlineScheduling", true));
        builder.Services.AddOpenApi();
        builder.AddBrowseCaching();
        builder.AddHttpRateLimiting();
        builder.Services.AddHealthChecks().AddNpgSql(builder.Configuration.GetConnectionString("Zumodra")!, name: "postgresql");

        var trusted = builder.Configuration.GetSection("Zumodra:TrustedProxies").Get<string[]>() ?? [];
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            // Only configured proxies may speak for a client; by default nobody may (not even loopback).
            // Empty proxy lists would mean "trust everyone" to the middleware, so then it reads no header at all.
            options.ForwardedHeaders = trusted.Length == 0 ? ForwardedHeaders.None : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in trusted)
            {
                if (proxy.Contains('/')) options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(proxy));
                else options.KnownProxies.Add(IPAddress.Parse(proxy));
            }
        });
        return builder;
    }

    /// <summary>
    /// Wolverine.HTTP answers an unreadable body with a 400 whose detail carries the JSON path
    /// ("... Path: $.salaryMin | LineNumber ..."); add the standard <c>errors</c> entry naming that field.
    /// </summary>
    private static void NameTheFieldOfJsonErrors(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Status != StatusCodes.Status400BadRequest || !problem.Extensions.ContainsKey("bytePositionInLine")) return;
        if (problem.Extensions.ContainsKey("errors")) return;
        var match = JsonPath.Match(problem.Detail ?? "");
        var field = match.Success && match.Groups[1].Value.Length > 0 ? match.Groups[1].Value : "$";
        problem.Extensions["errors"] = new Dictionary<string, string[]>
        {
            [field] = [field == "$" ? "The body is not valid JSON." : $"'{field}' has the wrong type or format."],
        };
    }

    private static readonly Regex JsonPath = new(@"Path: \$\.?([A-Za-z0-9_.\[\]]*)", RegexOptions.Compiled);

    public static WebApplication UseWebPlatform(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseResponseCompression();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseBrowseCaching();
        app.MapOpenApi();
        app.MapHealthChecks("/health");
        return app;
    }
}
