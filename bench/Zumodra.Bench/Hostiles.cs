using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Zumodra.Bench;

/// <summary>What the hostile connections of one run achieved.</summary>
public sealed record HostileTally(int Connects, int ConnectsRefused, int Answered, int RateLimited, int InvalidFilters, int OtherErrors);

/// <summary>
/// Connections that abuse the live hub from one client address while a fan-out scenario writes (<c>--hostile N</c>).
/// They speak for <see cref="Address"/> through <c>X-Forwarded-For</c> (bench/run.sh makes loopback a trusted proxy),
/// so they spend that address's budgets and not the measured clients'. Each loops: connect (negotiating), then
/// <c>Subscribe</c> with the worst filters there are (the longest valid search with every filter at once, a search of
/// dashes, filters the browse API refuses), every other call replaying from sequence 0, then reconnect. Paced at one
/// call per <see cref="Pause"/> per connection, so that they load the host rather than the shared CPU.
/// </summary>
public sealed class Hostiles : IAsyncDisposable
{
    public const string Address = "203.0.113.66";
    private const int CallsPerConnection = 60;
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(10);

    /// <summary>Valid by the browse API's rules, as costly as they come: 200 characters, 16 terms, phrases and <c>or</c>.</summary>
    private static readonly object WorstValid = new
    {
        search = "\"senior backend\" or engineer platform \"site reliability\" or cloud kubernetes rust golang python java typescript react data "
            + "distributed systems observability postgres",
        location = "Berlin, Germany",
        category = "Engineering",
        type = new[] { "full_time", "part_time", "contract", "internship", "temporary" },
        remote = true,
    };

    private static readonly object[] Filters =
    [
        WorstValid,
        new { search = new string('-', 199) + "x" },
        new { search = "a\u0000" },
        new { type = new[] { "permanent" } },
        new { salary = 100000 },
        new { search = new string('x', 201) },
    ];

    private readonly Uri _hub;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private int _connects;
    private int _connectsRefused;
    private int _answered;
    private int _rateLimited;
    private int _invalid;
    private int _other;

    private Hostiles(BenchOptions options, int count)
    {
        _hub = new Uri(options.Url, "hubs/live");
        for (var i = 0; i < count; i++)
        {
            var index = i;
            _loops.Add(Task.Run(() => LoopAsync(index, _stop.Token)));
        }
    }

    public static Hostiles Start(BenchOptions options, int count) => new(options, count);

    public HostileTally Tally() => new(_connects, _connectsRefused, _answered, _rateLimited, _invalid, _other);

    private async Task LoopAsync(int index, CancellationToken stop)
    {
        var call = index;
        while (!stop.IsCancellationRequested)
        {
            var connection = new HubConnectionBuilder()
                .WithUrl(_hub, HttpTransportType.WebSockets, http => http.Headers["X-Forwarded-For"] = Address)
                .Build();
            try
            {
                await connection.StartAsync(stop);
                Interlocked.Increment(ref _connects);
                for (var i = 0; i < CallsPerConnection && !stop.IsCancellationRequested; i++, call++)
                {
                    await SubscribeAsync(connection, Filters[call % Filters.Length], call % 2 == 0 ? 0 : null, stop);
                    await Task.Delay(Pause, stop);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception)
            {
                // Refused (429) or dropped: try again a moment later, as a persistent abuser would.
                Interlocked.Increment(ref _connectsRefused);
                await Task.Delay(Pause * 10, CancellationToken.None);
            }
            finally
            {
                await connection.DisposeAsync();
            }
        }
    }

    private async Task SubscribeAsync(HubConnection connection, object filters, long? after, CancellationToken stop)
    {
        try
        {
            await connection.InvokeAsync<JsonElement>("Subscribe", "jobs", filters, after, stop);
            Interlocked.Increment(ref _answered);
        }
        catch (HubException refused)
        {
            if (refused.Message.Contains("rate_limited:")) Interlocked.Increment(ref _rateLimited);
            else if (refused.Message.Contains("invalid_filters:")) Interlocked.Increment(ref _invalid);
            else Interlocked.Increment(ref _other);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
        _stop.Dispose();
    }
}
