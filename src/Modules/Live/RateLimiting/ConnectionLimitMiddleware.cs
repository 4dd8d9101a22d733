using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Zumodra.Live.RateLimiting;

/// <summary>
/// At most <see cref="LiveOptions.MaxConnectionsPerIp"/> live connections per client IP. Runs before the
/// WebSocket upgrade (or the server-sent-events stream) and holds the slot for as long as that request lives,
/// renewing it so that only a dead node's slots lapse. The IP is the one forwarded headers resolved, which
/// only trusted proxies may set.
/// </summary>
public sealed class ConnectionLimitMiddleware(RequestDelegate next, ILiveCounters counters, IOptions<LiveOptions> options, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!IsConnectionRequest(context.Request))
        {
            await next(context);
            return;
        }

        var limits = options.Value;
        var key = $"live-connections:{context.Connection.RemoteIpAddress}";
        var slot = context.TraceIdentifier;
        var decision = await counters.TryAcquireSlotAsync(key, slot, limits.MaxConnectionsPerIp, limits.ConnectionLeaseTime);
        if (!decision.Allowed)
        {
            var seconds = (int)Math.Ceiling(decision.RetryAfter.TotalSeconds);
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status429TooManyRequests,
                    Title = "Too many live connections",
                    Detail = $"At most {limits.MaxConnectionsPerIp} live connections per client; close one or retry after {seconds} s.",
                },
            });
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
