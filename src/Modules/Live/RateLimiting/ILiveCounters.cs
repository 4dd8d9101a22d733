namespace Zumodra.Live.RateLimiting;

/// <summary>
/// The counters behind the live rate limits. In memory for one node; a cluster swaps in a shared store
/// (e.g. Redis sorted sets) behind this same interface.
/// </summary>
internal interface ILiveCounters
{
    /// <summary>
    /// Takes one of at most <paramref name="max"/> slots under <paramref name="key"/>; a slot lapses after
    /// <paramref name="leaseTime"/> unless renewed. When all are taken, says when the next may free up.
    /// </summary>
    ValueTask<LimitDecision> TryAcquireSlotAsync(string key, string slot, int max, TimeSpan leaseTime);

    ValueTask RenewSlotAsync(string key, string slot, TimeSpan leaseTime);

    ValueTask ReleaseSlotAsync(string key, string slot);

    /// <summary>
    /// Counts <paramref name="weight"/> hits under <paramref name="key"/> unless <paramref name="max"/> were counted within
    /// <paramref name="window"/> already (so one heavy hit may go past <paramref name="max"/>; the next is refused).
    /// </summary>
    ValueTask<LimitDecision> TryHitAsync(string key, int max, TimeSpan window, int weight = 1);

    ValueTask ForgetAsync(string key);
}

internal readonly record struct LimitDecision(bool Allowed, TimeSpan RetryAfter)
{
    public static readonly LimitDecision Allow = new(true, TimeSpan.Zero);

    public static LimitDecision Deny(TimeSpan retryAfter) => new(false, retryAfter < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : retryAfter);
}
