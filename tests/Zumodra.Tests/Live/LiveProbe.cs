using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Zumodra.Tests.Live;

/// <summary>A SignalR client that records every push it receives, in order, for assertions.</summary>
public sealed class LiveProbe : IAsyncDisposable
{
    public static readonly string[] Methods =
        ["job_created", "job_updated", "job_deleted", "reload_required", "error"];

    private readonly BlockingCollection<(string Method, JsonElement Payload)> _received = new();

    public LiveProbe(HubConnection connection)
    {
        Connection = connection;
        foreach (var method in Methods)
            connection.On<JsonElement>(method, payload => _received.Add((method, payload)));
    }

    public HubConnection Connection { get; }

    public List<(string Method, JsonElement Payload)> Received => [.. _received];

    public async Task<LiveProbe> StartAsync()
    {
        await Connection.StartAsync();
        return this;
    }

    /// <summary>Waits until <paramref name="count"/> pushes arrived (or the timeout passed) and returns them.</summary>
    public async Task<List<(string Method, JsonElement Payload)>> WaitFor(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (_received.Count < count && DateTime.UtcNow < deadline) await Task.Delay(20);
        return Received;
    }

    /// <summary>Gives pushes that should not come a fair chance to arrive, then returns what did.</summary>
    public async Task<List<(string Method, JsonElement Payload)>> Quiet(TimeSpan? wait = null)
    {
        await Task.Delay(wait ?? TimeSpan.FromMilliseconds(500));
        return Received;
    }

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
