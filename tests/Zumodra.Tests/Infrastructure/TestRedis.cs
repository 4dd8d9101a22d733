using System.Diagnostics;
using System.Net.Sockets;

namespace Zumodra.Tests.Infrastructure;

/// <summary>
/// A Redis server of its own (Debian's redis-server, installed by scripts/test.sh) on a loopback port, so that a test
/// can stop it and start it again without disturbing others.
/// </summary>
public sealed class TestRedis : IAsyncDisposable
{
    private Process? _process;

    private TestRedis(int port) => Port = port;

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    public static async Task<TestRedis> StartAsync()
    {
        var redis = new TestRedis(LiveServer.FreePort());
        await redis.StartProcessAsync();
        return redis;
    }

    public async Task StartProcessAsync()
    {
        _process = Process.Start(new ProcessStartInfo("redis-server",
            ["--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        {
            RedirectStandardOutput = true,
        })!;
        _process.BeginOutputReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>Ends Redis at once, as an outage would.</summary>
    public async Task StopAsync()
    {
        if (_process is null) return;
        _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
