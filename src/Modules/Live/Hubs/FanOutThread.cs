using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Zumodra.Live.Hubs;

/// <summary>
/// Hands each change to its subscribers' connections on one dedicated thread, in relay order. The hand-off itself is
/// cheap (a copy into each connection's buffer); the sockets are written by the transports on the thread pool. Off the
/// pool, the fan-out is not queued behind thousands of those socket writes, so under load the buffers fill and each
/// socket write carries several messages, instead of the relay (and every later change) waiting its turn.
/// </summary>
public sealed class FanOutThread : IDisposable
{
    private readonly BlockingCollection<Action> _work = new();
    private readonly ILogger<FanOutThread> _logger;
    private readonly Thread _thread;

    public FanOutThread(ILogger<FanOutThread> logger)
    {
        _logger = logger;
        _thread = new Thread(Run) { IsBackground = true, Name = "live-fan-out" };
        _thread.Start();
    }

    public void Post(Action fanOut) => _work.Add(fanOut);

    private void Run()
    {
        foreach (var fanOut in _work.GetConsumingEnumerable())
        {
            try
            {
                fanOut();
            }
            catch (Exception e)
            {
                // A bug in one fan-out must not stop every later push; clients catch up on reconnect.
                _logger.LogError(e, "A live fan-out failed");
            }
        }
    }

    public void Dispose()
    {
        _work.CompleteAdding();
        _thread.Join(TimeSpan.FromSeconds(5));
        _work.Dispose();
    }
}
