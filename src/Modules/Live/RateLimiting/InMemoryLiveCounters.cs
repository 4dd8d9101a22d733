using System.Collections.Concurrent;

namespace Zumodra.Live.RateLimiting;

/// <summary>Counters for a single node.</summary>
public sealed class InMemoryLiveCounters(TimeProvider time) : ILiveCounters
{
    private readonly ConcurrentDictionary<string, Dictionary<string, DateTimeOffset>> _slots = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _hits = new(StringComparer.Ordinal);

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

    public ValueTask<LimitDecision> TryHitAsync(string key, int max, TimeSpan window)
    {
        var now = time.GetUtcNow();
        var hits = _hits.GetOrAdd(key, _ => new Queue<DateTimeOffset>());
        lock (hits)
        {
            while (hits.Count > 0 && hits.Peek() <= now - window) hits.Dequeue();
            if (hits.Count >= max) return ValueTask.FromResult(LimitDecision.Deny(hits.Peek() + window - now));
            hits.Enqueue(now);
            return ValueTask.FromResult(LimitDecision.Allow);
        }
    }

    public ValueTask ForgetAsync(string key)
    {
        _hits.TryRemove(key, out _);
        return ValueTask.CompletedTask;
    }
}
