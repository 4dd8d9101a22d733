using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Zumodra.Bench;

public sealed record WriteStats(int Succeeded, int Failed, string? FirstFailure, double RatePerSecond, double[] ResponseMs, double MaxScheduleLagMs);

/// <summary>
/// The admin writer: <c>POST /api/jobs</c> on a fixed schedule (open loop: the i-th write is due at i/rate seconds,
/// whatever happened to the previous ones), with at most <see cref="BenchOptions.MaxInFlightWrites"/> in flight;
/// write i through node i mod N, skipping a node marked down.
/// </summary>
public sealed class Writer(BenchOptions options) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = options.MaxInFlightWrites,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
    })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    private int _down = -1;

    /// <summary>From now on, writes go through the other nodes (the failover scenario kills this one).</summary>
    public void MarkDown(int node) => Volatile.Write(ref _down, node);

    private Uri NodeFor(int write)
    {
        var node = write % options.Urls.Length;
        if (node == Volatile.Read(ref _down)) node = (node + 1) % options.Urls.Length;
        return options.Urls[node];
    }

    public static string Body(string title) =>
        $$"""{"title":"{{title}}","jobType":"full_time","location":"Berlin, Germany","latitude":52.52,"longitude":13.405}""";

    /// <summary>Waits (bounded) until every node answers <c>/health</c>.</summary>
    public async Task WaitForHealthAsync(TimeSpan limit, CancellationToken cancellation)
    {
        foreach (var url in options.Urls) await WaitForHealthAsync(url, limit, cancellation);
    }

    private async Task WaitForHealthAsync(Uri url, TimeSpan limit, CancellationToken cancellation)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var response = await _http.GetAsync(new Uri(url, "health"), cancellation);
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellation.IsCancellationRequested)
            {
                // Request timeout; try again.
            }
            if (deadline.Elapsed > limit) throw new TimeoutException($"{url}health did not answer 200 within {limit.TotalSeconds:0} s.");
            await Task.Delay(250, cancellation);
        }
    }

    /// <summary>One write outside the measured schedule; returns null on success, else what went wrong.</summary>
    public async Task<string?> PostAsync(string title, CancellationToken cancellation)
    {
        try
        {
            using var response = await SendAsync(NodeFor(0), title, cancellation);
            return response.StatusCode == HttpStatusCode.Created ? null : await Describe(response, cancellation);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellation.IsCancellationRequested)
        {
            return $"{e.GetType().Name}: {e.Message}";
        }
    }

    public async Task<WriteStats> RunAsync(DeliveryBook book, double rate, CancellationToken cancellation)
    {
        var inFlight = new SemaphoreSlim(options.MaxInFlightWrites);
        var responseMs = new double[book.Writes];
        int succeeded = 0, failed = 0;
        string? firstFailure = null;
        long firstSent = 0, lastDone = 0;
        double maxLagMs = 0;
        var clock = Stopwatch.StartNew();
        var writes = new List<Task>(book.Writes);

        for (var i = 0; i < book.Writes; i++)
        {
            var due = TimeSpan.FromSeconds(i / rate);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1)) await Task.Delay(wait, cancellation);
            await inFlight.WaitAsync(cancellation);
            maxLagMs = Math.Max(maxLagMs, (clock.Elapsed - due).TotalMilliseconds);
            var write = i;
            writes.Add(Task.Run(async () =>
            {
                try
                {
                    var title = book.Title(write);
                    var sent = Stopwatch.GetTimestamp();
                    book.SentAt[write] = sent;
                    if (write == 0) firstSent = sent;
                    using var response = await SendAsync(NodeFor(write), title, cancellation);
                    var done = Stopwatch.GetTimestamp();
                    responseMs[write] = Stopwatch.GetElapsedTime(sent, done).TotalMilliseconds;
                    InterlockedMax(ref lastDone, done);
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        book.WriteSucceeded[write] = true;
                        Interlocked.Increment(ref succeeded);
                    }
                    else
                    {
                        Interlocked.Increment(ref failed);
                        Interlocked.CompareExchange(ref firstFailure, await Describe(response, cancellation), null);
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellation.IsCancellationRequested)
                {
                    Interlocked.Increment(ref failed);
                    Interlocked.CompareExchange(ref firstFailure, $"{e.GetType().Name}: {e.Message}", null);
                }
                finally
                {
                    inFlight.Release();
                }
            }, CancellationToken.None));
        }
        await Task.WhenAll(writes);

        var span = firstSent > 0 && lastDone > firstSent ? Stopwatch.GetElapsedTime(firstSent, lastDone).TotalSeconds : 0;
        var achieved = span > 0 ? succeeded / span : 0;
        return new WriteStats(succeeded, failed, firstFailure, achieved,
            responseMs.Where((_, i) => book.WriteSucceeded[i]).ToArray(), maxLagMs);
    }

    private async Task<HttpResponseMessage> SendAsync(Uri node, string title, CancellationToken cancellation)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(node, "api/jobs"))
        {
            Content = new StringContent(Body(title), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Token);
        return await _http.SendAsync(request, cancellation);
    }

    private static async Task<string> Describe(HttpResponseMessage response, CancellationToken cancellation)
    {
        var body = await response.Content.ReadAsStringAsync(cancellation);
        if (body.Length > 300) body = body[..300] + "…";
        return $"HTTP {(int)response.StatusCode}: {body}";
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current) return;
            current = seen;
        }
    }

    public void Dispose() => _http.Dispose();
}
