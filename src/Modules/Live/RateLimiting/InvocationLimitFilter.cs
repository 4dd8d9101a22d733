using Microsoft.AspNetCore.SignalR;

namespace Zumodra.Live.RateLimiting;

/// <summary>
/// At most <see cref="LiveOptions.MaxInvocationsPerMinute"/> hub calls per connection and
/// <see cref="LiveOptions.MaxInvocationsPerIpPerMinute"/> per client IP; the excess is refused, the connection kept.
/// </summary>
internal sealed class InvocationLimitFilter(LiveBudgets budgets) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        await budgets.InvokeAsync(invocation.Context);
        return await next(invocation);
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        await budgets.ForgetConnectionAsync(context.Context);
        await next(context, exception);
    }
}
