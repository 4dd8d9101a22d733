using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Zumodra.Bench;

/// <summary>
/// Lean clients: a <see cref="ClientWebSocket"/> each, speaking SignalR's JSON hub protocol (handshake, pings, records
/// ended by 0x1E) and reading from a push no more than the bench needs. A browser page's client does the same work;
/// the .NET <c>HubConnection</c> adds a pipe, a dispatch and a full deserialization per message, and on a 2-core box
/// that shares its cores with the host the load generator's own cost would otherwise dominate what is measured.
/// </summary>
public sealed class ProtocolFleet : Fleet
{
    private const byte RecordSeparator = 0x1E;
    private static readonly byte[] Handshake = Encoding.UTF8.GetBytes("{\"protocol\":\"json\",\"version\":1}\u001e");
    private static readonly byte[] Ping = Encoding.UTF8.GetBytes("{\"type\":6}\u001e");

    private readonly ClientWebSocket?[] _sockets;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _pinging;

    public ProtocolFleet(BenchOptions options, DeliveryBook book) : base(options, book)
    {
        _sockets = new ClientWebSocket?[book.Clients];
        _pinging = PingAsync(_stopping.Token);
    }

    protected override async Task ConnectAsync(int index, CancellationToken cancellation)
    {
        var socket = new ClientWebSocket();
        // SignalR keeps the connection alive with its own pings (below); no WebSocket-level ones.
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        try
        {
            var hub = HubOf(index);
            var ws = new UriBuilder(hub) { Scheme = hub.Scheme == "https" ? "wss" : "ws" }.Uri;
            await socket.ConnectAsync(ws, cancellation);
            await socket.SendAsync(Handshake, WebSocketMessageType.Text, endOfMessage: true, cancellation);
            var buffer = new Buffer();
            var answer = await buffer.ReceiveRecordAsync(socket, cancellation)
                ?? throw new WebSocketException("the server closed the connection during the handshake");
            if (answer.Length != 2) throw new WebSocketException("handshake refused: " + Encoding.UTF8.GetString(answer.Span));
            // A reconnecting client's closed socket is replaced.
            Interlocked.Exchange(ref _sockets[index], socket)?.Dispose();
            _ = ReceiveAsync(index, socket, buffer);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task ReceiveAsync(int index, ClientWebSocket socket, Buffer buffer)
    {
        string? closedBecause = null;
        try
        {
            while (await buffer.ReceiveRecordAsync(socket, CancellationToken.None) is { } record)
            {
                if (Read(index, record.Span) is { } reason)
                {
                    closedBecause = reason;
                    break;
                }
            }
            closedBecause ??= $"WebSocket closed ({socket.CloseStatus})";
            // A refused join leaves the socket open: a reconnecting client drops it, as a page does when Subscribe fails.
            if (socket.State == WebSocketState.Open) socket.Abort();
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            closedBecause = $"{e.GetType().Name}: {e.Message}";
        }
        OnClosedByServer(index, closedBecause);
    }

    /// <summary>Handles one hub message; returns why the server closed the connection when it was a close message.</summary>
    private string? Read(int index, ReadOnlySpan<byte> record)
    {
        var reader = new Utf8JsonReader(record);
        int? type = null;
        string? target = null;
        string? title = null;
        string? error = null;
        long? sequence = null;
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName) continue;
            switch (reader.CurrentDepth)
            {
                case 1 when reader.ValueTextEquals("type"u8):
                    reader.Read();
                    type = reader.GetInt32();
                    break;
                case 1 when reader.ValueTextEquals("target"u8):
                    reader.Read();
                    target = reader.GetString();
                    break;
                case 1 when reader.ValueTextEquals("error"u8):
                    reader.Read();
                    error = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    break;
                // arguments[0].sequence: beside item (below).
                case 3 when reader.ValueTextEquals("sequence"u8):
                    reader.Read();
                    sequence = reader.TokenType == JsonTokenType.Number ? reader.GetInt64() : null;
                    break;
                // arguments[0].item.title: object (3) in array (2) in the message (1).
                case 4 when reader.ValueTextEquals("title"u8):
                    reader.Read();
                    title = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    break;
            }
        }
        switch (type, target)
        {
            case (1, "job_created"):
                if (sequence is { } s) OnSequence(index, s);
                Book.OnJobCreated(index, title);
                break;
            case (1, "error"):
                OnError();
                if (Reconnects) return "join refused: " + Encoding.UTF8.GetString(record);
                break;
            case (1, "reload_required"): OnReloadRequired(); break;
            case (7, _): return "closed by the server: " + (error ?? "no error");
        }
        return null;
    }

    /// <summary>SignalR drops a client it has not heard from for 30 s; every open client pings every 15 s.</summary>
    private async Task PingAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(15));
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                foreach (var socket in _sockets)
                {
                    if (socket is not { State: WebSocketState.Open }) continue;
                    try
                    {
                        await socket.SendAsync(Ping, WebSocketMessageType.Text, endOfMessage: true, stopping);
                    }
                    catch (Exception e) when (e is WebSocketException or ObjectDisposedException)
                    {
                        // Its receive loop reports the closed connection.
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    protected override bool IsConnected(int index) => _sockets[index]?.State == WebSocketState.Open;

    protected override async Task CloseAsync(int index)
    {
        if (Interlocked.Exchange(ref _sockets[index], null) is not { } socket) return;
        try
        {
            if (socket.State == WebSocketState.Open)
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }
        finally
        {
            socket.Dispose();
        }
    }

    protected override void OnDisposed()
    {
        _stopping.Cancel();
        _pinging.Wait(TimeSpan.FromSeconds(5));
        _stopping.Dispose();
    }

    /// <summary>One connection's receive buffer: frames are appended until a record separator completes a hub message.</summary>
    private sealed class Buffer
    {
        private byte[] _bytes = ArrayPool<byte>.Shared.Rent(4096);
        private int _start;
        private int _end;

        /// <summary>The next complete record (without its separator), or null when the server closed the socket.</summary>
        public async ValueTask<ReadOnlyMemory<byte>?> ReceiveRecordAsync(ClientWebSocket socket, CancellationToken cancellation)
        {
            while (true)
            {
                var separator = Array.IndexOf(_bytes, RecordSeparator, _start, _end - _start);
                if (separator >= 0)
                {
                    var record = _bytes.AsMemory(_start, separator - _start);
                    _start = separator + 1;
                    return record;
                }
                if (_start > 0)
                {
                    // Keep the partial record at the front; a record handed out earlier has been read by now.
                    System.Buffer.BlockCopy(_bytes, _start, _bytes, 0, _end - _start);
                    _end -= _start;
                    _start = 0;
                }
                if (_end == _bytes.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent(_bytes.Length * 2);
                    System.Buffer.BlockCopy(_bytes, 0, bigger, 0, _end);
                    ArrayPool<byte>.Shared.Return(_bytes);
                    _bytes = bigger;
                }
                var received = await socket.ReceiveAsync(_bytes.AsMemory(_end), cancellation);
                if (received.MessageType == WebSocketMessageType.Close) return null;
                _end += received.Count;
            }
        }
    }
}
