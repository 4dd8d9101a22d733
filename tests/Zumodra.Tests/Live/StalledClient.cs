using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text.Json;
using Zumodra.Tests.Infrastructure;

namespace Zumodra.Tests.Live;

/// <summary>
/// A client speaking SignalR's JSON protocol over a raw WebSocket whose socket receive buffer is tiny, and that reads nothing
/// until told to: the way a stalled browser tab looks to the server. (The .NET SignalR client cannot play this part: with a
/// blocked handler it keeps reading and buffers without bound, so the server never sees it fall behind.)
/// </summary>
internal sealed class StalledClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();

    public static async Task<StalledClient> ConnectAsync(LiveServer server, string query)
    {
        var client = new StalledClient();
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (connect, token) =>
            {
                var tcp = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 2048 };
                await tcp.ConnectAsync(connect.DnsEndPoint, token);
                return new NetworkStream(tcp, ownsSocket: true);
            },
        };
        var uri = new UriBuilder(server.BaseAddress) { Scheme = "ws", Path = "/hubs/live", Query = query.TrimStart('?') }.Uri;
        await client._socket.ConnectAsync(uri, new HttpMessageInvoker(handler), CancellationToken.None);
        await client._socket.SendAsync("{\"protocol\":\"json\",\"version\":1}\u001e"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
        return client;
    }

    /// <summary>What reading everything showed: the pushes by method, whether the server ended the connection, and its close message.</summary>
    public sealed record Drained(Dictionary<string, int> Methods, bool Ended, JsonElement? CloseMessage);

    /// <summary>Reads everything until the server ends the connection or <paramref name="quiet"/> passes without data.</summary>
    public async Task<Drained> DrainAsync(TimeSpan quiet)
    {
        var methods = new Dictionary<string, int>();
        JsonElement? close = null;
        var buffer = new byte[64 * 1024];
        var text = new System.Text.StringBuilder();
        try
        {
            while (true)
            {
                using var timeout = new CancellationTokenSource(quiet);
                var result = await _socket.ReceiveAsync(buffer, timeout.Token);
                if (result.MessageType == WebSocketMessageType.Close) return new(methods, true, close);
                text.Append(System.Text.Encoding.UTF8.GetString(buffer, 0, result.Count));
                var frames = text.ToString().Split('\u001e');
                foreach (var frame in frames[..^1])
                {
                    var message = JsonDocument.Parse(frame).RootElement;
                    if (message.TryGetProperty("target", out var target))
                        methods[target.GetString()!] = methods.GetValueOrDefault(target.GetString()!) + 1;
                    // A client acts on the first close message; anything after it is never read.
                    if (message.TryGetProperty("type", out var type) && type.GetInt32() == 7) close ??= message;
                }
                text.Clear().Append(frames[^1]);
            }
        }
        catch (OperationCanceledException)
        {
            return new(methods, false, close);
        }
        catch (WebSocketException)
        {
            return new(methods, true, close);
        }
    }

    public ValueTask DisposeAsync()
    {
        _socket.Abort();
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
