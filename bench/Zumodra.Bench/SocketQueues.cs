using System.Globalization;

namespace Zumodra.Bench;

/// <summary>
/// Bytes sitting in the kernel's socket buffers of the hub connections, from /proc/net/tcp: data the bench clients have
/// not read yet (receive queues of the sockets whose remote port is the host's) and data the host has written that has
/// not reached the clients (send queues of the sockets whose local port is the host's). On loopback, a large client
/// receive queue means the bench is the bottleneck; both near zero while deliveries lag means the backlog is inside the host.
/// </summary>
public readonly record struct SocketQueues(long ClientReceiveBytes, long ServerSendBytes)
{
    public static SocketQueues Sample(int[] ports)
    {
        long receive = 0, send = 0;
        try
        {
            foreach (var line in File.ReadLines("/proc/net/tcp").Skip(1))
            {
                // sl local_address rem_address st tx_queue:rx_queue ...
                var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length < 5) continue;
                var local = PortOf(fields[1]);
                var remote = PortOf(fields[2]);
                var server = ports.Contains(local);
                if (!server && !ports.Contains(remote)) continue;
                var queues = fields[4].Split(':');
                var tx = long.Parse(queues[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                var rx = long.Parse(queues[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                if (server) send += tx;
                else receive += rx;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
        }
        return new SocketQueues(receive, send);
    }

    public static SocketQueues Max(SocketQueues a, SocketQueues b) =>
        new(Math.Max(a.ClientReceiveBytes, b.ClientReceiveBytes), Math.Max(a.ServerSendBytes, b.ServerSendBytes));

    private static int PortOf(string address)
    {
        var colon = address.LastIndexOf(':');
        return colon < 0 ? -1 : int.Parse(address.AsSpan(colon + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    }
}

/// <summary>Samples, in the background, what shows whether the bench itself falls behind.</summary>
public sealed class LoadSampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private SocketQueues _max;
    private long _maxPendingWork;

    public LoadSampler(int[] ports)
    {
        _sampling = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
            try
            {
                do
                {
                    _max = SocketQueues.Max(_max, SocketQueues.Sample(ports));
                    _maxPendingWork = Math.Max(_maxPendingWork, ThreadPool.PendingWorkItemCount);
                }
                while (await timer.WaitForNextTickAsync(_stop.Token));
            }
            catch (OperationCanceledException)
            {
            }
        });
    }

    public SocketQueues MaxQueues => _max;

    /// <summary>The bench's own thread-pool backlog (work items waiting), at its highest.</summary>
    public long MaxPendingWork => _maxPendingWork;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
    }
}
