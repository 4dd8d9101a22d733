using System.Collections.Concurrent;

namespace Zumodra.Live.RateLimiting;

/// <summary>Counters for a single node.</summary>
internal sealed class InMemoryLiveCounters(TimeProvider time) : ILiveCounters
{
    private const int SweepEvery = 4096;

    private readonly ConcurrentDictionary<string, Dictionary<string, DateTimeOffset>> _slots = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Hits> _hits = new(StringComparer.Ordinal);
    private long _hitCalls;

    public ValueTask<LimitDecision> TryAcquireSlotAsync(string key, string slot, int max, TimeSpan leaseTime)
    {
        var now = time.GetUtcNow();
        while (true)
        {
            var slots = _slots.GetOrAdd(key, _ => new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal));
            lock (slots)
            {
                // A release that emptied this key's slots may have dropped them since GetOrAdd: a slot taken there would not count.
                if (!_slots.TryGetValue(key, out var current) || !ReferenceEquals(current, slots)) continue;
                foreach (var lapsed in slots.Where(x => x.Value <= now).Select(x => x.Key).ToList()) slots.Remove(lapsed);
                if (slots.Count >= max) return ValueTask.FromResult(LimitDecision.Deny(slots.Values.Min() - now));
                slots[slot] = now + leaseTime;
                return ValueTask.FromResult(LimitDecision.Allow);
            }
        }
    }

    public ValueTask RenewSlotAsync(string key, string slot, TimeSpan leaseTime)
    {
        if (_slots.TryGetValue(key, out var slots))
            lock (slots)
                if (slots.ContainsKey(slot)) slots[slot] = time.GetUtcNow() + leaseTime;
        return ValueTask.CompletedTask;
    }

    public ValueTask ReleaseSlotAsync(string key, string slot)
    {
        if (_slots.TryGetValue(key, out var slots))
            lock (slots)
            {
                slots.Remove(slot);
                if (slots.Count == 0) _slots.TryRemove(new KeyValuePair<string, Dictionary<string, DateTimeOffset>>(key, slots));
            }
        return ValueTask.CompletedTask;
    }

    public ValueTask<LimitDecision> TryHitAsync(string key, int max, TimeSpan window, int weight = 1)
    {
        var now = time.GetUtcNow();
        // Keys per client IP come and go with the clients: now and then, drop those whose hits have all lapsed.
        if (Interlocked.Increment(ref _hitCalls) % SweepEvery == 0) SweepLapsedHits(now);
        while (true)
        {
            var hits = _hits.GetOrAdd(key, _ => new Hits());
            lock (hits)
            {
                // A sweep or a forget may have dropped this key's hits since GetOrAdd: hits counted there would not count.
                if (!_hits.TryGetValue(key, out var current) || !ReferenceEquals(current, hits)) continue;
                return ValueTask.FromResult(hits.TryAdd(now, max, window, weight));
            }
        }
    }

    private void SweepLapsedHits(DateTimeOffset now)
    {
        foreach (var entry in _hits)
            lock (entry.Value)
                if (entry.Value.LapsesAt <= now) _hits.TryRemove(entry);
    }

    public ValueTask ForgetAsync(string key)
    {
        _hits.TryRemove(key, out _);
        return ValueTask.CompletedTask;
    }

    /// <summary>The hits counted under one key within the window, oldest first, with their total weight. Used under its lock.</summary>
    private sealed class Hits
    {
        private readonly Queue<(DateTimeOffset At, int Weight)> _hits = new();
        private long _total;

        public DateTimeOffset LapsesAt { get; private set; }

        public LimitDecision TryAdd(DateTimeOffset now, int max, TimeSpan window, int weight)
        {
            while (_hits.Count > 0 && _hits.Peek().At <= now - window) _total -= _hits.Dequeue().Weight;
            if (_total >= max) return LimitDecision.Deny(UnderMaxAt(max, window) - now);
            _hits.Enqueue((now, weight));
            _total += weight;
            LapsesAt = now + window;
            return LimitDecision.Allow;
        }

        /// <summary>When enough of the oldest hits will have lapsed for the total to be under <paramref name="max"/>.</summary>
        private DateTimeOffset UnderMaxAt(int max, TimeSpan window)
        {
            var total = _total;
            foreach (var (at, weight) in _hits)
            {
                total -= weight;
                if (total < max) return at + window;
            }
            return LapsesAt;
        }
    }
}
