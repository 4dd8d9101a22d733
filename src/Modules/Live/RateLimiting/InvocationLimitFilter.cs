using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Zumodra.Live.RateLimiting;

/// <summary>At most <see cref="LiveOptions.MaxInvocationsPerMinute"/> hub calls per connection; the excess is refused, the connection kept.</summary>
public sealed class InvocationLimitFilter(ILiveCounters counters, IOptions<LiveOptions> options) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var decision = await counters.TryHitAsync(Key(invocation.Context), options.Value.MaxInvocationsPerMinute, TimeSpan.FromMinutes(1));
        if (!decision.Allowed)
            throw new HubException($"rate_limited: at most {options.Value.MaxInvocationsPerMinute} calls per minute; retry after {Math.Ceiling(decision.RetryAfter.TotalSeconds)} s.");
        return await next(invocation);
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        await counters.ForgetAsync(Key(context.Context));
        await next(context, exception);
    }

    private static string Key(HubCallerContext context) => $"live-invocations:{context.ConnectionId}";
}
