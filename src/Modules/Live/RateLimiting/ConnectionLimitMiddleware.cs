using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Zumodra.Live.RateLimiting;

/// <summary>
/// At most <see cref="LiveOptions.MaxConnectionAttemptsPerIpPerMinute"/> negotiations and connection requests, and at
/// most <see cref="LiveOptions.MaxConnectionsPerIp"/> live connections, per client IP. Runs before the WebSocket
/// upgrade (or the server-sent-events stream) and holds the slot for as long as that request lives, renewing it so that
/// only a dead node's slots lapse. A negotiation is refused too while the slots are all taken. The IP is the one
/// forwarded headers resolved, which only trusted proxies may set.
/// </summary>
internal sealed class ConnectionLimitMiddleware(RequestDelegate next, ILiveCounters counters, LiveBudgets budgets, IOptions<LiveOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var negotiation = IsNegotiation(context.Request);
        if (!negotiation && !IsConnectionRequest(context.Request))
        {
            await next(context);
            return;
        }

        var limits = options.Value;
        var attempt = await budgets.TryConnectAsync(context.Connection.RemoteIpAddress);
        if (!attempt.Allowed)
        {
            await RefuseAsync(context, attempt.RetryAfter, "Too many live connection attempts",
                $"At most {limits.MaxConnectionAttemptsPerIpPerMinute} live connection attempts per minute per client;");
            return;
        }
        var key = $"live-connections:{context.Connection.RemoteIpAddress}";
        var slot = context.TraceIdentifier;
        var decision = await counters.TryAcquireSlotAsync(key, slot, limits.MaxConnectionsPerIp, limits.ConnectionLeaseTime);
        if (!decision.Allowed)
        {
            await RefuseAsync(context, decision.RetryAfter, "Too many live connections",
                $"At most {limits.MaxConnectionsPerIp} live connections per client; close one or");
            return;
        }
        if (negotiation)
        {
            // Only a look: a browser cannot read the status of a refused WebSocket upgrade, but it can read a refused
            // negotiation's, so a page can say why it is not live (the connection request takes the slot for real).
            await counters.ReleaseSlotAsync(key, slot);
            await next(context);
            return;
        }

        using var renewal = new CancellationTokenSource();
        var renewing = RenewAsync(key, slot, limits.ConnectionLeaseTime, renewal.Token);
        try
        {
            await next(context);
        }
        finally
        {
            await renewal.CancelAsync();
            await renewing;
            await counters.ReleaseSlotAsync(key, slot);
        }
    }

    /// <summary>
    /// 429 with <c>Retry-After</c> and a ProblemDetails body. Written as JSON whatever the request accepts: a browser's
    /// server-sent-events request accepts <c>text/event-stream</c>, which no problem writer offers.
    /// </summary>
    private static Task RefuseAsync(HttpContext context, TimeSpan retryAfter, string title, string limit)
    {
        var seconds = (int)Math.Ceiling(retryAfter.TotalSeconds);
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem($"{limit} retry after {seconds} s.", statusCode: StatusCodes.Status429TooManyRequests, title: title,
                extensions: new Dictionary<string, object?> { ["retryAfter"] = seconds })
            .ExecuteAsync(context);
    }

    private static bool IsNegotiation(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && request.Path.Value!.EndsWith("/negotiate", StringComparison.OrdinalIgnoreCase);

    /// <summary>Connection requests are the long-lived GETs; negotiation and SSE sends (POST) are not connections.</summary>
    private static bool IsConnectionRequest(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) && !request.Path.Value!.EndsWith("/negotiate", StringComparison.OrdinalIgnoreCase);

    private async Task RenewAsync(string key, string slot, TimeSpan leaseTime, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(leaseTime / 3);
        try
        {
            while (await timer.WaitForNextTickAsync(stop)) await counters.RenewSlotAsync(key, slot, leaseTime);
        }
        catch (OperationCanceledException)
        {
            // The connection ended.
        }
    }
}
