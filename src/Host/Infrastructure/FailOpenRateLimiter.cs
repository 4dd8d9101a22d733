using System.Threading.RateLimiting;
using StackExchange.Redis;
using Zumodra.BuildingBlocks;

namespace Zumodra.Host.Infrastructure;

/// <summary>
/// A limiter whose counters live in Redis that lets requests through while Redis cannot be reached: an outage of the
/// counter store must cost the limits, not the site (logged, so that operators know the limits are off).
/// </summary>
internal sealed class FailOpenRateLimiter(RateLimiter inner, RedisOutageLog outages) : RateLimiter
{
    public override TimeSpan? IdleDuration => inner.IdleDuration;

    public override RateLimiterStatistics? GetStatistics() => inner.GetStatistics();

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        try
        {
            return inner.AttemptAcquire(permitCount);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return LetThrough(e);
        }
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        try
        {
            return await inner.AcquireAsync(permitCount, cancellationToken);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return LetThrough(e);
        }
    }

    private Granted LetThrough(Exception e)
    {
        outages.Unreachable(e, "The HTTP limits");
        return Granted.Lease;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }

    protected override ValueTask DisposeAsyncCore() => inner.DisposeAsync();

    private sealed class Granted : RateLimitLease
    {
        public static readonly Granted Lease = new();

        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
