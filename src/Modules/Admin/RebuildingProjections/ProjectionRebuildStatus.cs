namespace Zumodra.Admin.RebuildingProjections;

/// <summary>What a rebuild has come to.</summary>
internal static class RebuildStates
{
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
}

/// <summary>
/// The last rebuild of one projection, as <c>GET /api/admin/projections/{name}/rebuild</c> answers it. Kept as a
/// document of the Admin module (schema <c>admin</c>, id = projection name) and refreshed about once a second while
/// the rebuild runs, so that any node can answer and the outcome survives a restart.
/// </summary>
public sealed class ProjectionRebuildStatus
{
    /// <summary>The projection's name.</summary>
    public string Id { get; set; } = "";

    public Guid RunId { get; set; }

    /// <summary><c>running</c>, <c>completed</c> or <c>failed</c>.</summary>
    public string State { get; set; } = RebuildStates.Running;

    /// <summary><c>preparing</c>, <c>reading</c>, <c>catching_up</c>, <c>swapping</c>, <c>done</c>.</summary>
    public string Phase { get; set; } = RebuildPhases.Preparing;

    public long EventsProcessed { get; set; }

    /// <summary>The events to apply: those up to the high-water mark when the rebuild started, plus those caught up since.</summary>
    public long EventsTotal { get; set; }

    public long StreamsProcessed { get; set; }

    public long DocumentsWritten { get; set; }

    /// <summary>The highest committed event sequence when the rebuild started.</summary>
    public long HighWaterMark { get; set; }

    /// <summary>Events applied per second since the start.</summary>
    public double EventsPerSecond { get; set; }

    /// <summary>Seconds left at that rate; null when unknown or finished.</summary>
    public double? EtaSeconds { get; set; }

    public double ElapsedSeconds { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Who asked for it (the admin's user id), or <c>cli</c>.</summary>
    public string? StartedBy { get; set; }

    /// <summary>What the swap changed in the live read model, once completed.</summary>
    public RebuildChanges? Changes { get; set; }

    public string? Error { get; set; }

    /// <summary>Seconds per phase, and the time spent reading events, folding them and copying documents.</summary>
    public Dictionary<string, double> Timings { get; set; } = [];

    internal void Update(RebuildProgress progress, DateTimeOffset now)
    {
        Phase = progress.Phase;
        EventsProcessed = progress.EventsProcessed;
        EventsTotal = progress.EventsTotal;
        StreamsProcessed = progress.StreamsProcessed;
        DocumentsWritten = progress.DocumentsWritten;
        HighWaterMark = progress.HighWaterMark;
        EventsPerSecond = Math.Round(progress.Rate, 1);
        EtaSeconds = State == RebuildStates.Running && progress.EtaSeconds is { } eta ? Math.Round(eta, 1) : null;
        ElapsedSeconds = Math.Round(progress.Elapsed.TotalSeconds, 3);
        Timings = progress.Timings;
        UpdatedAt = now;
    }

    internal ProjectionRebuildStatus Copy()
    {
        var copy = (ProjectionRebuildStatus)MemberwiseClone();
        copy.Timings = new Dictionary<string, double>(Timings);
        return copy;
    }
}
