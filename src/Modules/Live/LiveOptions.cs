namespace Zumodra.Live;

/// <summary>Bound from <c>Zumodra:Live</c>; defaults are the original design's.</summary>
public sealed class LiveOptions
{
    public const string Section = "Zumodra:Live";

    public int MaxConnectionsPerIp { get; set; } = 5;
    public int MaxInvocationsPerMinute { get; set; } = 60;

    /// <summary>A client that missed more changes than this is told to reload instead of replaying them.</summary>
    public int MaxCatchUpEvents { get; set; } = 1000;

    /// <summary>A connection's slot expires this long after its last renewal, so a dead node's slots come back.</summary>
    public TimeSpan ConnectionLeaseTime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Messages queued for one client before it counts as unable to keep up and is disconnected.</summary>
    public int SendBufferPerConnection { get; set; } = 1000;

    /// <summary>Largest message a client may send to the hub.</summary>
    public long MaxClientMessageBytes { get; set; } = 16 * 1024;
}
