using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Zumodra.Live.Hubs;

/// <summary>
/// Hands each change to its subscribers' connections on one dedicated thread, in relay order. Off the thread pool, the
/// fan-out is not queued behind thousands of socket writes. The fan-outs waiting when the thread comes round are
/// delivered together as one <see cref="FanOutRound"/>, so a client gets them in one write: when pushes arrive faster
/// than they can be written, each socket write carries more of them instead of the backlog growing.
/// </summary>
internal sealed class FanOutThread : IDisposable
{
    /// <summary>The most fan-outs one round delivers; a bound on the size of one combined write.</summary>
    public const int MaxPerRound = 64;

    private readonly BlockingCollection<Action<FanOutRound>> _work = new();
    private readonly ILogger<FanOutThread> _logger;
    private readonly LiveTelemetry _telemetry;
    private readonly Thread _thread;

    public FanOutThread(LiveTelemetry telemetry, ILogger<FanOutThread> logger)
    {
        _logger = logger;
        _telemetry = telemetry;
        _thread = new Thread(Run) { IsBackground = true, Name = "live-fan-out" };
        _thread.Start();
    }

    public void Post(Action<FanOutRound> fanOut) => _work.Add(fanOut);

    private void Run()
    {
        var round = new FanOutRound(_logger, _telemetry);
        foreach (var first in _work.GetConsumingEnumerable())
        {
            Deliver(first, round);
            for (var taken = 1; taken < MaxPerRound && _work.TryTake(out var next); taken++) Deliver(next, round);
            round.Flush();
        }
    }

    private void Deliver(Action<FanOutRound> fanOut, FanOutRound round)
    {
        try
        {
            fanOut(round);
        }
        catch (Exception e)
        {
            // A bug in one fan-out must not stop every later push; clients catch up on reconnect.
            _logger.LogError(e, "A live fan-out failed");
        }
    }

    public void Dispose()
    {
        _work.CompleteAdding();
        _thread.Join(TimeSpan.FromSeconds(5));
        _work.Dispose();
    }
}
