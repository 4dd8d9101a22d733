using System.Net;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Zumodra.BrowseCache;

namespace Zumodra.Host.Infrastructure;

internal static class WebPlatform
{
    /// <summary>ProblemDetails for every error, OpenAPI and the API reference, health checks, forwarded headers from trusted proxies only.</summary>
    public static WebApplicationBuilder AddWebPlatform(this WebApplicationBuilder builder)
    {
        builder.Services.AddWolverineHttp();
        // Wolverine.HTTP reads bodies with ASP.NET Core's JSON options. The web defaults read "5000" as a number and let
        // a repeated key silently win; a client that sends either is confused, so both are a 400 naming the field.
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            options.SerializerOptions.AllowDuplicateProperties = false;
        });
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = NameTheFieldOfJsonErrors);
        // Admin bodies are small; anything near this is a mistake or an attack (413).
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 1024 * 1024);
        // Request processing continues on the thread that completed the socket read instead of being queued again behind
        // the live fan-out's socket writes. That thread is a thread-pool thread: socket completions are not inlined on
        // the epoll thread (see scripts/host-env.sh), so code that blocks stalls one request, not every socket.
        builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = builder.Configuration.GetValue("Zumodra:Kestrel:InlineScheduling", true));
        builder.AddApiReference();
        builder.Services.AddBrowseCache();
        builder.Services.AddExceptionHandler<DatabaseOutages>();
        builder.Services.AddHostedService<OrderlyShutdown>();
        builder.AddHttpRateLimiting();
        builder.AddHealthEndpoints();

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
        var detail = problem.Detail ?? "";
        if (DuplicateProperty.Match(detail) is { Success: true } duplicate)
        {
            var name = duplicate.Groups[1].Value;
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [name] = [$"'{name}' must be given only once."] };
            return;
        }
        var match = JsonPath.Match(detail);
        var field = match.Success && match.Groups[1].Value.Length > 0 ? match.Groups[1].Value : "$";
        problem.Extensions["errors"] = new Dictionary<string, string[]>
        {
            [field] = [field == "$" ? "The body is not valid JSON." : $"'{field}' has the wrong type or format."],
        };
    }

    private static readonly Regex JsonPath = new(@"Path: \$\.?([A-Za-z0-9_.\[\]]*)", RegexOptions.Compiled);

    // System.Text.Json names a repeated key without a path: "Duplicate property 'title' encountered during deserialization ...".
    private static readonly Regex DuplicateProperty = new(@"^Duplicate property '([A-Za-z0-9_]+)'", RegexOptions.Compiled);

    public static WebApplication UseWebPlatform(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseResponseCompression();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<JsonBodiesOnly>();
        app.UseMiddleware<EmptyIdIsNotFound>();
        app.UseBrowseCache();
        app.MapApiReference();
        app.MapHealthEndpoints();
        app.MapMetrics();
        return app;
    }
}

/// <summary>
/// A body sent without a <c>Content-Type</c> to an endpoint that reads JSON is a 415, as a wrong one already is (ASP.NET
/// Core's content-type matching lets a missing header through, and Wolverine.HTTP would then read the body as JSON).
/// Requests without a body are left alone: an optional body (a project's award) may be absent.
/// </summary>
internal sealed class JsonBodiesOnly(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var hasBody = request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0;
        if (!hasBody || request.Headers.ContentType.Count > 0) return next(context);
        if (context.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>() is not { ContentTypes.Count: > 0 } accepts) return next(context);
        return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type",
            detail: $"Send the body with Content-Type: {string.Join(" or ", accepts.ContentTypes)}.").ExecuteAsync(context);
    }
}

/// <summary>
/// The empty GUID names nothing: any route whose <c>id</c> is it answers 404 before an endpoint tries to load it (an empty
/// stream id is an error to Marten, and that was a 500). After authorization, so a visitor still gets 401 or 403 first.
/// </summary>
internal sealed class EmptyIdIsNotFound(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.RouteValues.TryGetValue("id", out var value) && value is string text
            && Guid.TryParse(text, out var id) && id == Guid.Empty)
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found",
                detail: "The empty id (all zeros) names nothing.").ExecuteAsync(context);
        return next(context);
    }
}
