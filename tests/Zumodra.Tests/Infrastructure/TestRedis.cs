using System.Diagnostics;
using System.Net;
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

    public int Port { get; private set; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    public static async Task<TestRedis> StartAsync()
    {
        var redis = new TestRedis(FreePort());
        // Redis takes no port 0: a port picked here may be taken before it binds it, by another test run on the machine.
        for (var attempt = 1; !await redis.TryStartProcessAsync(); attempt++)
        {
            if (attempt == 3) throw new InvalidOperationException($"redis-server could not listen on any of three free ports.");
            redis.Port = FreePort();
        }
        return redis;
    }

    /// <summary>Starts it again on its port, as after an outage.</summary>
    public async Task StartProcessAsync()
    {
        if (!await TryStartProcessAsync()) throw new InvalidOperationException($"redis-server could not listen on port {Port} again.");
    }

    /// <summary>Waits for this server's own word that it listens (a probe could reach another one on the port).</summary>
    private async Task<bool> TryStartProcessAsync()
    {
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _process = new Process
        {
            StartInfo = new ProcessStartInfo("redis-server", ["--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            {
                RedirectStandardOutput = true,
            },
        };
        _process.OutputDataReceived += (_, line) =>
        {
            if (line.Data?.Contains("Ready to accept connections", StringComparison.Ordinal) == true) ready.TrySetResult();
        };
        _process.Start();
        _process.BeginOutputReadLine();
        var exited = _process.WaitForExitAsync();
        if (await Task.WhenAny(ready.Task, exited).WaitAsync(TimeSpan.FromSeconds(30)) == ready.Task) return true;
        _process.Dispose();
        _process = null;
        return false;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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
