namespace Zumodra.Live;

/// <summary>Bound from <c>Zumodra:Live</c>; the defaults suit one public node (see the README's "Abuse and failure").</summary>
internal sealed class LiveOptions
{
    public const string Section = "Zumodra:Live";

    public int MaxConnectionsPerIp { get; set; } = 5;
    public int MaxInvocationsPerMinute { get; set; } = 60;

    /// <summary>Subscriptions one connection may add (<c>AddSubscription</c>): the tabs of one browser share a connection.</summary>
    public int MaxSubscriptionsPerConnection { get; set; } = 20;

    /// <summary>
    /// Hub calls per client IP per minute, across its connections, so reconnecting does not renew the budget: as many as
    /// <see cref="MaxConnectionsPerIp"/> connections could make at <see cref="MaxInvocationsPerMinute"/> each.
    /// </summary>
    public int MaxInvocationsPerIpPerMinute { get; set; } = 300;

    /// <summary>A client that missed more changes than this is told to reload instead of replaying them.</summary>
    public int MaxCatchUpEvents { get; set; } = 1000;

    /// <summary>
    /// Changes replayed to one client IP per minute (a catch-up told to reload counts <see cref="MaxCatchUpEvents"/>):
    /// five full catch-ups for each of <see cref="MaxConnectionsPerIp"/> connections. Past it a catch-up is refused.
    /// </summary>
    public int MaxCatchUpEventsPerIpPerMinute { get; set; } = 25_000;

    /// <summary>
    /// Negotiations and connection requests per client IP per minute (a connection is usually both). Five tabs
    /// reconnecting with the client's backoff make at most 50.
    /// </summary>
    public int MaxConnectionAttemptsPerIpPerMinute { get; set; } = 300;

    /// <summary>A connection's slot expires this long after its last renewal, so a dead node's slots come back.</summary>
    public TimeSpan ConnectionLeaseTime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Messages queued for one client before it counts as unable to keep up and is disconnected.</summary>
    public int SendBufferPerConnection { get; set; } = 1000;

    /// <summary>
    /// How long a client may stay silent (clients ping every 15 s) before the server counts it gone and closes its
    /// connection; SignalR's default.
    /// </summary>
    public TimeSpan ClientTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest message a client may send to the hub.</summary>
    public long MaxClientMessageBytes { get; set; } = 16 * 1024;

    /// <summary>
    /// How many event sequence numbers the relay may fall behind the event store before <c>/health/ready</c> minds: a
    /// burst of writes is relayed within a second or two, so more than this for <see cref="MaxRelayLagDuration"/> means
    /// it is stuck (clients would see nothing new).
    /// </summary>
    public long MaxRelayLag { get; set; } = 1000;

    /// <summary>How long the relay may stay more than <see cref="MaxRelayLag"/> behind before <c>/health/ready</c> fails.</summary>
    public TimeSpan MaxRelayLagDuration { get; set; } = TimeSpan.FromSeconds(10);
}
