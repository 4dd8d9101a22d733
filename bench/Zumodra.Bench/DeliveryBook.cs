using System.Diagnostics;
using System.Globalization;

namespace Zumodra.Bench;

/// <summary>
/// Who received which write, and when, on the bench's single <see cref="Stopwatch"/> clock. Writes are numbered
/// globally ("Bench job &lt;n&gt;") so that a push is matched to its write by the title it carries.
/// </summary>
public sealed class DeliveryBook
{
    public const string JobPrefix = "Bench job ";
    private const string WarmupPrefix = "Bench warmup ";
    private static long _nextJobNumber;
    private static int _nextScenario;
    private static readonly List<(long First, long[] SentAt)> Earlier = [];

    private readonly long[] _receivedAt;
    private readonly int[] _warmedUp;
    private long _received;
    private long _duplicates;
    private long _stray;
    private int _warmupReceived;
    private long _lastWarmupAt;
    private long _fromEarlier;
    private long _fromEarlierMaxTicks;

    public DeliveryBook(int clients, int writes)
    {
        Clients = clients;
        Writes = writes;
        FirstJobNumber = Interlocked.Add(ref _nextJobNumber, writes) - writes;
        WarmupTitle = WarmupPrefix + Interlocked.Increment(ref _nextScenario).ToString(CultureInfo.InvariantCulture);
        _receivedAt = new long[(long)clients * writes];
        _warmedUp = new int[clients];
        SentAt = new long[writes];
        WriteSucceeded = new bool[writes];
        lock (Earlier) Earlier.Add((FirstJobNumber, SentAt));
    }

    /// <summary>Whether any write was made before this book's (a backlog of them may still be on its way).</summary>
    public bool HasEarlierWrites => FirstJobNumber > 0;

    /// <summary>Pushes of writes from earlier scenarios, still arriving during this one (a relay backlog).</summary>
    public long FromEarlier => Interlocked.Read(ref _fromEarlier);

    /// <summary>How long after it was sent the latest of those arrived, in ms.</summary>
    public double FromEarlierMaxMs => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _fromEarlierMaxTicks)).TotalMilliseconds;

    public int Clients { get; }
    public int Writes { get; }
    public long FirstJobNumber { get; }
    public string WarmupTitle { get; }

    /// <summary>Stopwatch timestamp taken just before each write's HTTP request was sent.</summary>
    public long[] SentAt { get; }

    public bool[] WriteSucceeded { get; }

    public long Received => Interlocked.Read(ref _received);
    public long Duplicates => Interlocked.Read(ref _duplicates);
    public long Stray => Interlocked.Read(ref _stray);
    public int WarmupReceived => Volatile.Read(ref _warmupReceived);
    public long LastWarmupAt => Interlocked.Read(ref _lastWarmupAt);

    /// <summary>Stopwatch timestamp of the first receipt of <paramref name="write"/> by <paramref name="client"/> (0: none).</summary>
    public long ReceivedAt(int client, int write) => Interlocked.Read(ref _receivedAt[(long)client * Writes + write]);

    public string Title(int write) => JobPrefix + (FirstJobNumber + write).ToString(CultureInfo.InvariantCulture);

    /// <summary>Called on the client's receive loop for every <c>job_created</c>.</summary>
    public void OnJobCreated(int client, string? title)
    {
        var now = Stopwatch.GetTimestamp();
        if (title is null)
        {
            Interlocked.Increment(ref _stray);
            return;
        }
        if (title.StartsWith(JobPrefix, StringComparison.Ordinal)
            && long.TryParse(title.AsSpan(JobPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            var write = number - FirstJobNumber;
            if (write >= 0 && write < Writes)
            {
                if (Interlocked.CompareExchange(ref _receivedAt[(long)client * Writes + write], now, 0) == 0) Interlocked.Increment(ref _received);
                else Interlocked.Increment(ref _duplicates);
                return;
            }
            if (write < 0 && SentAtOfEarlier(number) is { } sent and > 0)
            {
                Interlocked.Increment(ref _fromEarlier);
                var late = now - sent;
                var seen = Interlocked.Read(ref _fromEarlierMaxTicks);
                while (late > seen && Interlocked.CompareExchange(ref _fromEarlierMaxTicks, late, seen) != seen) seen = Interlocked.Read(ref _fromEarlierMaxTicks);
                return;
            }
        }
        if (title == WarmupTitle)
        {
            if (Interlocked.Exchange(ref _warmedUp[client], 1) == 0)
            {
                Interlocked.Increment(ref _warmupReceived);
                Interlocked.Exchange(ref _lastWarmupAt, now);
            }
            return;
        }
        Interlocked.Increment(ref _stray);
    }

    private static long? SentAtOfEarlier(long number)
    {
        lock (Earlier)
        {
            foreach (var (first, sentAt) in Earlier)
                if (number >= first && number < first + sentAt.Length) return sentAt[number - first];
        }
        return null;
    }

    /// <summary>
    /// Deliveries of successful writes: each one's latency in milliseconds (unsorted), how many clients missed at least
    /// one, and the rate at which writes reached their first client (the relay's throughput, as seen by the clients).
    /// </summary>
    public Deliveries Tally()
    {
        var latencies = new List<double>((int)Math.Min(Received, int.MaxValue));
        var firstDelivery = new long[Writes];
        var lastDelivery = new long[Writes];
        long forFailed = 0;
        var clientsMissing = 0;
        var succeeded = WriteSucceeded.Count(x => x);
        for (var client = 0; client < Clients; client++)
        {
            var got = 0;
            for (var write = 0; write < Writes; write++)
            {
                var at = _receivedAt[(long)client * Writes + write];
                if (at == 0) continue;
                if (!WriteSucceeded[write])
                {
                    forFailed++;
                    continue;
                }
                got++;
                if (firstDelivery[write] == 0 || at < firstDelivery[write]) firstDelivery[write] = at;
                if (at > lastDelivery[write]) lastDelivery[write] = at;
                latencies.Add(Stopwatch.GetElapsedTime(SentAt[write], at).TotalMilliseconds);
            }
            if (got < succeeded) clientsMissing++;
        }

        double? relayRate = null;
        var delivered = Enumerable.Range(0, Writes).Where(w => firstDelivery[w] != 0).ToList();
        if (delivered.Count >= 2)
        {
            var firstSent = delivered.Min(w => SentAt[w]);
            var lastDelivered = delivered.Max(w => firstDelivery[w]);
            var span = Stopwatch.GetElapsedTime(firstSent, lastDelivered).TotalSeconds;
            if (span > 0) relayRate = delivered.Count / span;
        }
        var toFirst = delivered.Select(w => Stopwatch.GetElapsedTime(SentAt[w], firstDelivery[w]).TotalMilliseconds).ToArray();
        var spread = delivered.Select(w => Stopwatch.GetElapsedTime(firstDelivery[w], lastDelivery[w]).TotalMilliseconds).ToArray();
        return new Deliveries(latencies.Count, latencies.ToArray(), forFailed, clientsMissing, relayRate, toFirst, spread);
    }
}

/// <param name="RelayRate">Writes reaching their first client per second: delivered writes / (last first-delivery − first send).</param>
/// <param name="ToFirstClientMs">Per delivered write: from its send to its first receipt (write, commit, relay queue, first push).</param>
/// <param name="SpreadMs">Per delivered write: from its first to its last receipt among the clients (the fan-out itself).</param>
public sealed record Deliveries(long Received, double[] LatenciesMs, long ForFailedWrites, int ClientsMissing, double? RelayRate,
    double[] ToFirstClientMs, double[] SpreadMs);
