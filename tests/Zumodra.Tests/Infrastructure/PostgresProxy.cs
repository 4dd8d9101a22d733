using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Zumodra.Tests.Infrastructure;

/// <summary>
/// A loopback TCP forwarder between an application and the PostgreSQL server, which a test can cut (every open
/// connection dropped, new ones refused, as when the server goes down) and restore (on the same port).
/// </summary>
public sealed class PostgresProxy : IAsyncDisposable
{
    private readonly IPEndPoint _server;
    private readonly object _lock = new();
    private readonly List<TcpClient> _open = [];
    private TcpListener? _listener;

    private PostgresProxy(IPEndPoint server)
    {
        _server = server;
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Listen(listener);
    }

    public int Port { get; }

    /// <summary>A proxy to the server of <paramref name="connectionString"/>.</summary>
    public static async Task<PostgresProxy> StartAsync(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var addresses = await Dns.GetHostAddressesAsync(builder.Host!);
        return new PostgresProxy(new IPEndPoint(addresses.First(a => a.AddressFamily == AddressFamily.InterNetwork), builder.Port));
    }

    /// <summary><paramref name="connectionString"/> with its host and port replaced by this proxy's.</summary>
    public string Through(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Host = "127.0.0.1", Port = Port }.ConnectionString;

    /// <summary>Drops every connection and refuses new ones until <see cref="Restore"/>.</summary>
    public void Cut()
    {
        lock (_lock)
        {
            _listener?.Stop();
            _listener = null;
            foreach (var client in _open) client.Dispose();
            _open.Clear();
        }
    }

    public void Restore()
    {
        var listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        Listen(listener);
    }

    private void Listen(TcpListener listener)
    {
        lock (_lock) _listener = listener;
        _ = AcceptAsync(listener);
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return; // Cut.
            }
            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        var server = new TcpClient();
        lock (_lock)
        {
            if (_listener is null)
            {
                client.Dispose();
                return;
            }
            _open.Add(client);
            _open.Add(server);
        }
        try
        {
            await server.ConnectAsync(_server);
            var up = client.GetStream().CopyToAsync(server.GetStream());
            var down = server.GetStream().CopyToAsync(client.GetStream());
            await Task.WhenAny(up, down);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            // Cut, or one side closed.
        }
        finally
        {
            client.Dispose();
            server.Dispose();
            lock (_lock)
            {
                _open.Remove(client);
                _open.Remove(server);
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        Cut();
        return ValueTask.CompletedTask;
    }
}
