using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Zumodra.Bench;

/// <summary>The part of a <c>job_created</c> push the bench reads: <c>payload.item.title</c>.</summary>
public sealed class JobPush
{
    [JsonPropertyName("item")]
    public JobPushItem? Item { get; set; }
}

public sealed class JobPushItem
{
    [JsonPropertyName("title")]
    public string? Title { get; set; }
}

/// <summary>
/// Many SignalR clients in this one process, each its own <see cref="HubConnection"/> over WebSockets (negotiation
/// skipped) joined to the <c>jobs</c> channel through the query string, as a page does.
/// </summary>
public sealed class Fleet(BenchOptions options, DeliveryBook book) : IAsyncDisposable
{
    private readonly HubConnection?[] _connections = new HubConnection?[book.Clients];
    private readonly double[] _handshakeMs = new double[book.Clients];
    private int _disposing;
    private int _connected;
    private int _failures;
    private int _closedByServer;
    private int _errors;
    private int _reloads;
    private string? _firstFailure;
    private string? _firstClose;

    public int Connected => Volatile.Read(ref _connected);
    public int Failures => Volatile.Read(ref _failures);
    public int ClosedByServer => Volatile.Read(ref _closedByServer);
    public int ErrorMessages => Volatile.Read(ref _errors);
    public int ReloadMessages => Volatile.Read(ref _reloads);
    public string? FirstFailure => _firstFailure;
    public string? FirstClose => _firstClose;

    /// <summary>Handshake (TCP connect + WebSocket upgrade + SignalR handshake) of each successful connection, in ms.</summary>
    public double[] HandshakesMs() => _handshakeMs.Where(x => x > 0).ToArray();

    /// <summary>Opens every client, <see cref="BenchOptions.ConnectConcurrency"/> at a time.</summary>
    public async Task OpenAsync(CancellationToken cancellation)
    {
        var hub = new Uri(options.Url, "hubs/live?channel=jobs");
        using var gate = new SemaphoreSlim(options.ConnectConcurrency);
        var opening = new List<Task>(book.Clients);
        try
        {
            for (var i = 0; i < book.Clients; i++)
            {
                await gate.WaitAsync(cancellation);
                opening.Add(ConnectAsync(i, hub, gate, cancellation));
            }
        }
        finally
        {
            // Let the ones under way finish (each is bounded by the connect timeout) before anyone disposes.
            await Task.WhenAll(opening);
        }
    }

    private async Task ConnectAsync(int index, Uri hub, SemaphoreSlim gate, CancellationToken cancellation)
    {
        HubConnection? connection = null;
        try
        {
            connection = new HubConnectionBuilder()
                .WithUrl(hub, HttpTransportType.WebSockets, http => http.SkipNegotiation = true)
                .Build();
            connection.On<JobPush>("job_created", push => book.OnJobCreated(index, push.Item?.Title));
            connection.On<JsonElement>("error", _ => Interlocked.Increment(ref _errors));
            connection.On<JsonElement>("reload_required", _ => Interlocked.Increment(ref _reloads));
            connection.Closed += error =>
            {
                if (Volatile.Read(ref _disposing) == 0)
                {
                    Interlocked.Increment(ref _closedByServer);
                    Interlocked.CompareExchange(ref _firstClose, error?.Message ?? "closed without error", null);
                }
                return Task.CompletedTask;
            };

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            timeout.CancelAfter(options.ConnectTimeout);
            var started = Stopwatch.GetTimestamp();
            await connection.StartAsync(timeout.Token);
            _handshakeMs[index] = Math.Max(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 1e-6);
            _connections[index] = connection;
            connection = null;
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
            if (connection is not null) await DisposeQuietly(connection);
            gate.Release();
        }
    }

    /// <summary>Connections no longer connected (closed by the server, or failing), looked at before tearing down.</summary>
    public int CountDisconnected() => _connections.Count(c => c is not null && c.State != HubConnectionState.Connected);

    public async ValueTask DisposeAsync()
    {
        Volatile.Write(ref _disposing, 1);
        using var gate = new SemaphoreSlim(options.ConnectConcurrency);
        var closing = new List<Task>(_connections.Length);
        for (var i = 0; i < _connections.Length; i++)
        {
            if (_connections[i] is not { } connection) continue;
            _connections[i] = null;
            await gate.WaitAsync();
            closing.Add(Task.Run(async () =>
            {
                try
                {
                    await DisposeQuietly(connection);
                }
                finally
                {
                    gate.Release();
                }
            }));
        }
        await Task.WhenAll(closing);
    }

    private static async Task DisposeQuietly(HubConnection connection)
    {
        try
        {
            await connection.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception)
        {
            // Closing is best effort; a connection that does not close in time is dropped with the process.
        }
    }
}
