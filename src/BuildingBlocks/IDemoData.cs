using Marten;

namespace Zumodra.BuildingBlocks;

/// <summary>
/// A module's demo data, written by the <c>seed</c> command (never by merely starting the host).
/// Implementations must be idempotent: seeding twice leaves the same data.
/// </summary>
public interface IDemoData
{
    /// <summary>Lower runs first, so that modules can seed what others refer to.</summary>
    int Order { get; }

    Task<int> SeedAsync(IDocumentSession session, CancellationToken cancellation);
}

/// <summary>Dates for demo data, counted back from the hour of seeding: a fresh install shows recent listings, not months-old ones.</summary>
public static class DemoDates
{
    /// <summary>The <paramref name="index"/>-th of <paramref name="count"/> items, one every <paramref name="step"/>, the last dated this hour.</summary>
    public static DateTimeOffset Spread(int index, int count, TimeSpan step)
    {
        var now = DateTimeOffset.UtcNow;
        var thisHour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        return thisHour - step * (count - 1 - index);
    }
}
