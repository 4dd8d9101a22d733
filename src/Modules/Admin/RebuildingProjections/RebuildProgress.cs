using System.Diagnostics;

namespace Zumodra.Admin.RebuildingProjections;

/// <summary>What a rebuild is doing now.</summary>
internal static class RebuildPhases
{
    public const string Preparing = "preparing";
    public const string Reading = "reading";
    public const string CatchingUp = "catching_up";
    public const string Swapping = "swapping";
    public const string Done = "done";
}

/// <summary>The counters one running rebuild updates and its status reports read (from other threads).</summary>
internal sealed class RebuildProgress
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly TimeSpan _cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
    private long _eventsProcessed;
    private long _eventsTotal;
    private long _streams;
    private long _documents;
    private long _highWaterMark;
    private string _phase = RebuildPhases.Preparing;
    private TimeSpan _phaseStarted;
    private readonly Dictionary<string, double> _phaseSeconds = [];
    private long _readTicks;
    private long _foldTicks;
    private long _copyTicks;

    public string Phase => Volatile.Read(ref _phase);
    public long EventsProcessed => Interlocked.Read(ref _eventsProcessed);
    public long EventsTotal => Interlocked.Read(ref _eventsTotal);
    public long StreamsProcessed => Interlocked.Read(ref _streams);
    public long DocumentsWritten => Interlocked.Read(ref _documents);
    public long HighWaterMark => Interlocked.Read(ref _highWaterMark);
    public TimeSpan Elapsed => _clock.Elapsed;

    public void EnterPhase(string phase)
    {
        lock (_phaseSeconds)
        {
            var now = _clock.Elapsed;
            _phaseSeconds[Phase] = Math.Round((now - _phaseStarted).TotalSeconds, 3);
            _phaseStarted = now;
            Volatile.Write(ref _phase, phase);
        }
    }

    /// <summary>Seconds spent in each finished phase, and in reading, folding and copying (which overlap while reading).</summary>
    public Dictionary<string, double> Timings
    {
        get
        {
            lock (_phaseSeconds)
            {
                return new Dictionary<string, double>(_phaseSeconds)
                {
                    ["read_events"] = Math.Round(TimeSpan.FromTicks(Interlocked.Read(ref _readTicks)).TotalSeconds, 3),
                    ["fold"] = Math.Round(TimeSpan.FromTicks(Interlocked.Read(ref _foldTicks)).TotalSeconds, 3),
                    ["copy"] = Math.Round(TimeSpan.FromTicks(Interlocked.Read(ref _copyTicks)).TotalSeconds, 3),
                    // The whole process's processor time since the start (all of it is the rebuild's when run from the command line).
                    ["process_cpu"] = Math.Round((Process.GetCurrentProcess().TotalProcessorTime - _cpuAtStart).TotalSeconds, 3),
                };
            }
        }
    }

    public void Spent(TimeSpan reading, TimeSpan folding, TimeSpan copying)
    {
        Interlocked.Add(ref _readTicks, reading.Ticks);
        Interlocked.Add(ref _foldTicks, folding.Ticks);
        Interlocked.Add(ref _copyTicks, copying.Ticks);
    }

    public void Planned(long highWaterMark, long events)
    {
        Interlocked.Exchange(ref _highWaterMark, highWaterMark);
        Interlocked.Exchange(ref _eventsTotal, events);
    }

    /// <summary>Events applied while catching up were not in the plan: the total grows with them.</summary>
    public void Added(long events) => Interlocked.Add(ref _eventsTotal, events);

    public void Processed(long events, long streams, long documents)
    {
        Interlocked.Add(ref _eventsProcessed, events);
        Interlocked.Add(ref _streams, streams);
        Interlocked.Add(ref _documents, documents);
    }

    /// <summary>Events per second since the start.</summary>
    public double Rate => Elapsed.TotalSeconds < 0.001 ? 0 : EventsProcessed / Elapsed.TotalSeconds;

    /// <summary>Seconds left at the current rate; null before there is a rate to go by.</summary>
    public double? EtaSeconds
    {
        get
        {
            var rate = Rate;
            if (rate <= 0 || EventsTotal == 0) return null;
            return Math.Max(0, (EventsTotal - EventsProcessed) / rate);
        }
    }
}
