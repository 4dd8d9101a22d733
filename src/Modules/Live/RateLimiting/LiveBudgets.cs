using System.Net;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Zumodra.Live.Hubs;

namespace Zumodra.Live.RateLimiting;

/// <summary>
/// The per-IP budgets of the live hub, counted across a client's connections so that reconnecting renews none of them:
/// connection attempts, hub calls and replayed changes per minute. The IP is the one forwarded headers resolved.
/// </summary>
internal sealed class LiveBudgets(ILiveCounters counters, IOptions<LiveOptions> options)
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private LiveOptions Limits => options.Value;

    /// <summary>Counts a negotiation or a connection request.</summary>
    public ValueTask<LimitDecision> TryConnectAsync(IPAddress? ip) =>
        counters.TryHitAsync($"live-attempts:{ip}", Limits.MaxConnectionAttemptsPerIpPerMinute, Minute);

    /// <summary>Counts a hub call against its connection's budget and its IP's; throws <c>rate_limited</c> past either.</summary>
    public async ValueTask InvokeAsync(HubCallerContext caller)
    {
        var perConnection = await counters.TryHitAsync(ConnectionKey(caller), Limits.MaxInvocationsPerMinute, Minute);
        if (!perConnection.Allowed)
            throw LiveProblem.RateLimited($"at most {Limits.MaxInvocationsPerMinute} calls per minute per connection", perConnection.RetryAfter);
        var perIp = await counters.TryHitAsync($"live-invocations-ip:{Ip(caller)}", Limits.MaxInvocationsPerIpPerMinute, Minute);
        if (!perIp.Allowed)
            throw LiveProblem.RateLimited($"at most {Limits.MaxInvocationsPerIpPerMinute} calls per minute from one address", perIp.RetryAfter);
    }

    public ValueTask ForgetConnectionAsync(HubCallerContext caller) => counters.ForgetAsync(ConnectionKey(caller));

    /// <summary>
    /// Before a catch-up: refused (<c>rate_limited</c>) once the IP's replay budget is spent. A catch-up counts at least
    /// one change; <see cref="ChargeCatchUpAsync"/> adds the rest once known.
    /// </summary>
    public async ValueTask StartCatchUpAsync(HubCallerContext caller)
    {
        var decision = await counters.TryHitAsync(CatchUpKey(caller), Limits.MaxCatchUpEventsPerIpPerMinute, Minute);
        if (!decision.Allowed)
            throw LiveProblem.RateLimited($"at most {Limits.MaxCatchUpEventsPerIpPerMinute} replayed changes per minute from one address", decision.RetryAfter);
    }

    /// <summary>Counts what a catch-up replayed (read: a catch-up told to reload read <see cref="LiveOptions.MaxCatchUpEvents"/>).</summary>
    public async ValueTask ChargeCatchUpAsync(HubCallerContext caller, int replayed)
    {
        // Counted whatever the total: the changes were read already; the next catch-up is the one refused.
        if (replayed > 1) await counters.TryHitAsync(CatchUpKey(caller), int.MaxValue, Minute, weight: replayed - 1);
    }

    private static string ConnectionKey(HubCallerContext caller) => $"live-invocations:{caller.ConnectionId}";

    private static string CatchUpKey(HubCallerContext caller) => $"live-catch-up:{Ip(caller)}";

    private static IPAddress? Ip(HubCallerContext caller) => caller.GetHttpContext()?.Connection.RemoteIpAddress;
}
