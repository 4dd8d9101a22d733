using System.Diagnostics;

namespace Zumodra.Bench;

/// <summary>Which client the fleet uses (<c>--client</c>).</summary>
public enum ClientKind
{
    /// <summary>A lean WebSocket client speaking SignalR's JSON hub protocol (<see cref="ProtocolFleet"/>).</summary>
    Protocol,

    /// <summary>The SignalR .NET client, one <c>HubConnection</c> each (<see cref="SignalRFleet"/>).</summary>
    SignalR,
}

/// <summary>
/// Many clients in this one process, joined to the <c>jobs</c> channel through the query string as a page does (client
/// i on node i mod N); the bookkeeping shared by both kinds of client. Subclasses connect, report pushes to the
/// <see cref="DeliveryBook"/> and their sequences here, and count what the server sends besides.
/// </summary>
public abstract class Fleet(BenchOptions options, DeliveryBook book) : IAsyncDisposable
{
    /// <summary>The pages' reconnection delays (live-client.js): 1, 2, 4, 8, 16 s, each ±20 %, at most 5 attempts.</summary>
    private static readonly int[] RetryDelaysMs = [1000, 2000, 4000, 8000, 16000];

    private readonly double[] _handshakeMs = new double[book.Clients];
    private readonly bool[] _open = new bool[book.Clients];
    private readonly int[] _node = Enumerable.Range(0, book.Clients).Select(i => i % options.Urls.Length).ToArray();
    private readonly long[] _lastSequence = new long[book.Clients];
    private readonly long[] _reconnectedAt = new long[book.Clients];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _closeReasons = new();
    private int _reconnectFailures;
    private int _reconnections;
    private int _disposing;
    private int _connected;
    private int _failures;
    private int _closedByServer;
    private int _errors;
    private int _reloads;
    private string? _firstFailure;
    private string? _firstClose;

    public static Fleet Create(BenchOptions options, DeliveryBook book, bool reconnects = false) => options.Client == ClientKind.SignalR
        ? new SignalRFleet(options, book) { Reconnects = reconnects }
        : new ProtocolFleet(options, book) { Reconnects = reconnects };

    public int Connected => Volatile.Read(ref _connected);
    public int Failures => Volatile.Read(ref _failures);
    public int ClosedByServer => Volatile.Read(ref _closedByServer);
    public int ErrorMessages => Volatile.Read(ref _errors);
    public int ReloadMessages => Volatile.Read(ref _reloads);
    public string? FirstFailure => _firstFailure;
    public string? FirstClose => _firstClose;

    /// <summary>
    /// Whether a client the server disconnects, or whose join it refuses, connects again, to the next node, from the last
    /// sequence it saw (so the server replays what it missed), with the pages' delays; off, it stays as it is. The
    /// protocol client only.
    /// </summary>
    public bool Reconnects { get; init; }

    /// <summary>Why the server closed connections (the reason's first 80 characters), how many times each.</summary>
    public IReadOnlyDictionary<string, int> CloseReasons => _closeReasons;

    /// <summary>Successful reconnections (a client may reconnect more than once).</summary>
    public int Reconnections => Volatile.Read(ref _reconnections);

    /// <summary>Clients that gave up reconnecting after the pages' 5 attempts.</summary>
    public int ReconnectFailures => Volatile.Read(ref _reconnectFailures);

    /// <summary>Stopwatch timestamp at which each client last reconnected (0: it never did).</summary>
    public long ReconnectedAt(int index) => Interlocked.Read(ref _reconnectedAt[index]);

    public int NodeOf(int index) => Volatile.Read(ref _node[index]);

    protected DeliveryBook Book => book;
    protected bool Disposing => Volatile.Read(ref _disposing) != 0;

    /// <summary>The hub address of client <paramref name="index"/>'s node, from its last sequence once it has one.</summary>
    protected Uri HubOf(int index)
    {
        var after = Interlocked.Read(ref _lastSequence[index]);
        return new Uri(options.Urls[NodeOf(index)], "hubs/live?channel=jobs" + (after > 0 ? $"&after={after}" : ""));
    }

    /// <summary>A push's sequence, so that a reconnection resumes after the last one seen.</summary>
    protected void OnSequence(int index, long sequence)
    {
        var seen = Interlocked.Read(ref _lastSequence[index]);
        while (sequence > seen && Interlocked.CompareExchange(ref _lastSequence[index], sequence, seen) != seen) seen = Interlocked.Read(ref _lastSequence[index]);
    }

    /// <summary>Handshake (TCP connect + WebSocket upgrade + SignalR handshake) of each successful connection, in ms.</summary>
    public double[] HandshakesMs() => _handshakeMs.Where(x => x > 0).ToArray();

    /// <summary>Opens every client, <see cref="BenchOptions.ConnectConcurrency"/> at a time.</summary>
    public async Task OpenAsync(CancellationToken cancellation)
    {
        using var gate = new SemaphoreSlim(options.ConnectConcurrency);
        var opening = new List<Task>(book.Clients);
        try
        {
            for (var i = 0; i < book.Clients; i++)
            {
                await gate.WaitAsync(cancellation);
                opening.Add(OpenOneAsync(i, gate, cancellation));
            }
        }
        finally
        {
            // Let the ones under way finish (each is bounded by the connect timeout) before anyone disposes.
            await Task.WhenAll(opening);
        }
    }

    private async Task OpenOneAsync(int index, SemaphoreSlim gate, CancellationToken cancellation)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            timeout.CancelAfter(options.ConnectTimeout);
            var started = Stopwatch.GetTimestamp();
            await ConnectAsync(index, timeout.Token);
            _handshakeMs[index] = Math.Max(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 1e-6);
            _open[index] = true;
            Interlocked.Increment(ref _connected);
        }
        catch (Exception e)
        {
            Interlocked.Increment(ref _failures);
            var reason = e is OperationCanceledException && !cancellation.IsCancellationRequested
                ? $"handshake timed out after {options.ConnectTimeout.TotalSeconds:0} s"
                : $"{e.GetType().Name}: {e.Message}";
            Interlocked.CompareExchange(ref _firstFailure, reason, null);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Connects client <paramref name="index"/> to <see cref="HubOf"/> and completes its SignalR handshake; throws when it cannot.</summary>
    protected abstract Task ConnectAsync(int index, CancellationToken cancellation);

    protected abstract bool IsConnected(int index);

    protected abstract Task CloseAsync(int index);

    /// <summary>A client's connection ended while the bench was not closing it.</summary>
    protected void OnClosedByServer(int index, string reason)
    {
        if (Disposing) return;
        Interlocked.Increment(ref _closedByServer);
        Interlocked.CompareExchange(ref _firstClose, reason, null);
        _closeReasons.AddOrUpdate(reason.Length > 80 ? reason[..80] + "…" : reason, 1, (_, n) => n + 1);
        if (Reconnects) _ = ReconnectAsync(index);
    }

    private async Task ReconnectAsync(int index)
    {
        foreach (var delay in RetryDelaysMs)
        {
            await Task.Delay((int)(delay * (0.8 + Random.Shared.NextDouble() * 0.4)));
            if (Disposing) return;
            Volatile.Write(ref _node[index], (NodeOf(index) + 1) % options.Urls.Length);
            try
            {
                using var timeout = new CancellationTokenSource(options.ConnectTimeout);
                await ConnectAsync(index, timeout.Token);
                Interlocked.Exchange(ref _reconnectedAt[index], System.Diagnostics.Stopwatch.GetTimestamp());
                Interlocked.Increment(ref _reconnections);
                return;
            }
            catch (Exception)
            {
                // The next attempt, after a longer delay.
            }
        }
        Interlocked.Increment(ref _reconnectFailures);
    }

    protected void OnError() => Interlocked.Increment(ref _errors);

    protected void OnReloadRequired() => Interlocked.Increment(ref _reloads);

    /// <summary>Connections no longer connected (closed by the server, or failing), looked at before tearing down.</summary>
    public int CountDisconnected() => Enumerable.Range(0, _open.Length).Count(i => _open[i] && !IsConnected(i));

    public async ValueTask DisposeAsync()
    {
        Volatile.Write(ref _disposing, 1);
        using var gate = new SemaphoreSlim(options.ConnectConcurrency);
        var closing = new List<Task>(_open.Length);
        for (var i = 0; i < _open.Length; i++)
        {
            if (!_open[i]) continue;
            _open[i] = false;
            await gate.WaitAsync();
            var index = i;
            closing.Add(Task.Run(async () =>
            {
                try
                {
                    // Closing is best effort; a connection that does not close in time is dropped with the process.
                    await CloseAsync(index).WaitAsync(TimeSpan.FromSeconds(10));
                }
                catch (Exception)
                {
                }
                finally
                {
                    gate.Release();
                }
            }));
        }
        await Task.WhenAll(closing);
        OnDisposed();
    }

    protected virtual void OnDisposed()
    {
    }
}
