using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Zumodra.Bench;

/// <summary>The part of a <c>job_created</c> push the bench reads: <c>payload.item.title</c>.</summary>
public sealed class JobPush
{
    [JsonPropertyName("item")]
    public JobPushItem? Item { get; set; }
}

public sealed class JobPushItem
{
    [JsonPropertyName("title")]
    public string? Title { get; set; }
}

/// <summary>Clients as a .NET application would write them: a SignalR <see cref="HubConnection"/> each, over WebSockets (negotiation skipped).</summary>
public sealed class SignalRFleet(BenchOptions options, DeliveryBook book) : Fleet(options, book)
{
    private readonly HubConnection?[] _connections = new HubConnection?[book.Clients];

    protected override async Task ConnectAsync(int index, CancellationToken cancellation)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(HubOf(index), HttpTransportType.WebSockets, http => http.SkipNegotiation = true)
            .Build();
        connection.On<JobPush>("job_created", push => Book.OnJobCreated(index, push.Item?.Title));
        connection.On<JsonElement>("error", _ => OnError());
        connection.On<JsonElement>("reload_required", _ => OnReloadRequired());
        connection.Closed += error =>
        {
            OnClosedByServer(index, error?.Message ?? "closed without error");
            return Task.CompletedTask;
        };
        try
        {
            await connection.StartAsync(cancellation);
            _connections[index] = connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    protected override bool IsConnected(int index) => _connections[index]?.State == HubConnectionState.Connected;

    protected override async Task CloseAsync(int index)
    {
        if (Interlocked.Exchange(ref _connections[index], null) is { } connection) await connection.DisposeAsync();
    }
}
