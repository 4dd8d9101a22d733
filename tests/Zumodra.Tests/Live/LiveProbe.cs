using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Zumodra.Companies;
using Zumodra.Jobs;
using Zumodra.Projects;
using Zumodra.Tests.AddingAModule.Gigs;
using Zumodra.Tests.Infrastructure;

namespace Zumodra.Tests.Live;

/// <summary>A SignalR client that records every push it receives, in order, for assertions.</summary>
public sealed class LiveProbe : IAsyncDisposable
{
    /// <summary>Every browse module's pushes (the test project's own module too), and the hub's notices.</summary>
    public static readonly string[] Methods =
    [
        .. new[] { JobsModule.Browse, CompaniesModule.Browse, ProjectsModule.Browse, GigsModule.Browse }.SelectMany(m => m.PushedMethods),
        "reload_required", "error",
    ];

    private readonly BlockingCollection<(string Method, JsonElement Payload)> _received = new();
    private readonly TaskCompletionSource<Exception?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LiveProbe(HubConnection connection)
    {
        Connection = connection.Tolerant();
        foreach (var method in Methods)
            connection.On<JsonElement>(method, payload => _received.Add((method, payload)));
        connection.Closed += error =>
        {
            _closed.TrySetResult(error);
            return Task.CompletedTask;
        };
    }

    /// <summary>
    /// How long a wait for pushes lasts by default. Waits end as soon as the pushes are there; the bound only matters on
    /// a busy machine, where the relay may still be working through an earlier test's flood.
    /// </summary>
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(60);

    public HubConnection Connection { get; }

    public List<(string Method, JsonElement Payload)> Received => [.. _received];

    /// <summary>The job pushes (created, updated, deleted) received so far, in order.</summary>
    public List<(string Method, JsonElement Payload)> Jobs => [.. _received.Where(x => x.Method.StartsWith("job_", StringComparison.Ordinal))];

    /// <summary>Completes with the connection's closing error (null for a clean close) once it closed.</summary>
    public Task<Exception?> Closed => _closed.Task;

    public async Task<LiveProbe> StartAsync()
    {
        await Connection.StartAsync();
        return this;
    }

    /// <summary>Waits until <paramref name="count"/> pushes arrived (or the timeout passed) and returns them.</summary>
    public async Task<List<(string Method, JsonElement Payload)>> WaitFor(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultWait);
        while (_received.Count < count && DateTime.UtcNow < deadline) await Task.Delay(20);
        return Received;
    }

    /// <summary>Waits until the pushes received so far satisfy <paramref name="done"/> (or the timeout passed) and returns them.</summary>
    public async Task<List<(string Method, JsonElement Payload)>> WaitUntil(
        Func<List<(string Method, JsonElement Payload)>, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultWait);
        while (!done(Received) && DateTime.UtcNow < deadline) await Task.Delay(20);
        return Received;
    }

    /// <summary>Waits until <paramref name="count"/> job pushes about the given items arrived, and returns exactly those pushes.</summary>
    public async Task<List<(string Method, JsonElement Payload)>> WaitForJobs(IReadOnlyCollection<Guid> ids, int count, TimeSpan? timeout = null)
    {
        await WaitUntil(all => About(all, ids).Count >= count, timeout);
        return About(Received, ids);
    }

    /// <summary>Gives pushes that should not come a fair chance to arrive, then returns what did.</summary>
    public async Task<List<(string Method, JsonElement Payload)>> Quiet(TimeSpan? wait = null)
    {
        await Task.Delay(wait ?? TimeSpan.FromMilliseconds(500));
        return Received;
    }

    /// <summary>Invokes <c>Subscribe(channel, filters, afterSequence)</c>; answers <c>{ channel, replayed, reloadRequired }</c>.</summary>
    public Task<JsonElement> Subscribe(string channel = "jobs", object? filters = null, long? after = null) =>
        Connection.InvokeAsync<JsonElement>("Subscribe", channel, filters, after);

    public Task<bool> Unsubscribe(string channel = "jobs") => Connection.InvokeAsync<bool>("Unsubscribe", channel);

    /// <summary>Invokes <c>AddSubscription(channel, filters, afterSequence)</c>; answers <c>{ channel, key, replayed, reloadRequired }</c>.</summary>
    public Task<JsonElement> AddSubscription(string channel = "jobs", object? filters = null, long? after = null) =>
        Connection.InvokeAsync<JsonElement>("AddSubscription", channel, filters, after);

    public Task RemoveSubscription(int key) => Connection.InvokeAsync("RemoveSubscription", key);

    /// <summary>The job pushes received so far for the added subscription <paramref name="key"/>, in order.</summary>
    public List<(string Method, JsonElement Payload)> JobsFor(int key) =>
        [.. Jobs.Where(x => x.Payload.TryGetProperty("key", out var pushed) && pushed.GetInt32() == key)];

    public static List<(string Method, JsonElement Payload)> About(IEnumerable<(string Method, JsonElement Payload)> pushes, IReadOnlyCollection<Guid> ids) =>
        [.. pushes.Where(x => x.Method.StartsWith("job_", StringComparison.Ordinal) && ids.Contains(x.Payload.ItemId()))];

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
