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
/// Many clients in this one process, joined to the <c>jobs</c> channel through the query string as a page does; the
/// bookkeeping shared by both kinds of client. Subclasses connect, report pushes to the <see cref="DeliveryBook"/>
/// and count what the server sends besides.
/// </summary>
public abstract class Fleet(BenchOptions options, DeliveryBook book) : IAsyncDisposable
{
    private readonly double[] _handshakeMs = new double[book.Clients];
    private readonly bool[] _open = new bool[book.Clients];
    private int _disposing;
    private int _connected;
    private int _failures;
    private int _closedByServer;
    private int _errors;
    private int _reloads;
    private string? _firstFailure;
    private string? _firstClose;

    public static Fleet Create(BenchOptions options, DeliveryBook book) => options.Client == ClientKind.SignalR
        ? new SignalRFleet(options, book)
        : new ProtocolFleet(options, book);

    public int Connected => Volatile.Read(ref _connected);
    public int Failures => Volatile.Read(ref _failures);
    public int ClosedByServer => Volatile.Read(ref _closedByServer);
    public int ErrorMessages => Volatile.Read(ref _errors);
    public int ReloadMessages => Volatile.Read(ref _reloads);
    public string? FirstFailure => _firstFailure;
    public string? FirstClose => _firstClose;

    protected DeliveryBook Book => book;
    protected Uri Hub { get; } = new(options.Url, "hubs/live?channel=jobs");
    protected bool Disposing => Volatile.Read(ref _disposing) != 0;

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

    /// <summary>Connects client <paramref name="index"/> and completes its SignalR handshake; throws when it cannot.</summary>
    protected abstract Task ConnectAsync(int index, CancellationToken cancellation);

    protected abstract bool IsConnected(int index);

    protected abstract Task CloseAsync(int index);

    /// <summary>A client's connection ended while the bench was not closing it.</summary>
    protected void OnClosedByServer(string reason)
    {
        if (Disposing) return;
        Interlocked.Increment(ref _closedByServer);
        Interlocked.CompareExchange(ref _firstClose, reason, null);
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
