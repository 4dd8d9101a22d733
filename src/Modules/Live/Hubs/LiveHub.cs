using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Zumodra.BuildingBlocks;
using Zumodra.Live.Filtering;
using Zumodra.Live.RateLimiting;

namespace Zumodra.Live.Hubs;

/// <summary>What <c>Subscribe</c> answers: how many missed changes were replayed, or that the client must reload.</summary>
internal sealed record Subscribed(string Channel, int Replayed, bool ReloadRequired);

/// <summary>What <c>AddSubscription</c> answers: as <see cref="Subscribed"/>, with the key its pushes carry.</summary>
internal sealed record SubscriptionAdded(string Channel, int Key, int Replayed, bool ReloadRequired);

/// <summary>
/// <c>/hubs/live</c>. Join a channel with <c>?channel=jobs[&amp;after=sequence][&amp;filter=...]</c> or by invoking
/// <c>Subscribe(channel, filters, afterSequence)</c>; leave with <c>Unsubscribe(channel)</c>. Those manage a connection's
/// default subscription of each channel; <c>AddSubscription</c> adds more beside it (a browser's tabs share one
/// connection), each pushing with its key, until <c>RemoveSubscription(key)</c>. A refused join is answered with the
/// <c>error</c> push (and, for a hub method, a failed invocation) and registers nothing.
/// </summary>
internal sealed class LiveHub(LiveClients clients, LiveBudgets budgets, IOptions<LiveOptions> options, ILogger<LiveHub> logger) : Hub
{
    public override async Task OnConnectedAsync()
    {
        var query = Context.GetHttpContext()?.Request.Query;
        if (query is null || !query.TryGetValue("channel", out var requested)) return;
        try
        {
            var channel = KnownChannel(requested.ToString());
            long? after = null;
            if (query.TryGetValue("after", out var afterText))
                after = long.TryParse(afterText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
                    ? parsed
                    : throw new LiveProblem("invalid_after", "'after' must be a non-negative whole number (the last sequence you saw).", "after");
            // The join happens a moment after the handshake; what was pushed since the request arrived is replayed.
            var pushedBeforeJoin = after is null ? Context.GetHttpContext()?.Items[JoinPointMiddleware.Key] as long? : null;
            await SubscribeClient(channel, LiveFilter.FromQuery(query, channel), after, pushedBeforeJoin, added: false);
        }
        catch (LiveProblem problem)
        {
            // The connection stays usable: report the problem instead of refusing the socket.
            await Clients.Caller.SendAsync(LiveMessages.ErrorMethod, problem.ToError());
        }
    }

    public async Task<Subscribed> Subscribe(string channel, JsonElement? filters, long? afterSequence)
    {
        try
        {
            var (known, filter) = Requested(channel, filters, afterSequence);
            var (_, replayed) = await SubscribeClient(known, filter, afterSequence, pushedBeforeJoin: null, added: false);
            return new Subscribed(known.Name, replayed ?? 0, replayed is null);
        }
        catch (LiveProblem problem)
        {
            // The push names the field (and when to retry); the failed invocation carries the same code and message.
            await Clients.Caller.SendAsync(LiveMessages.ErrorMethod, problem.ToError());
            throw;
        }
    }

    public bool Unsubscribe(string channel) => clients.Unsubscribe(Client(), KnownChannel(channel).Name);

    /// <summary>
    /// One more subscription on this connection, beside the default ones, validated and caught up exactly like
    /// <c>Subscribe</c>; its pushes (and its replay) carry the key it answers with.
    /// </summary>
    public async Task<SubscriptionAdded> AddSubscription(string channel, JsonElement? filters, long? afterSequence)
    {
        try
        {
            var (known, filter) = Requested(channel, filters, afterSequence);
            var (key, replayed) = await SubscribeClient(known, filter, afterSequence, pushedBeforeJoin: null, added: true);
            return new SubscriptionAdded(known.Name, key!.Value, replayed ?? 0, replayed is null);
        }
        catch (LiveProblem problem)
        {
            await Clients.Caller.SendAsync(LiveMessages.ErrorMethod, problem.ToError());
            throw;
        }
    }

    public async Task RemoveSubscription(int key)
    {
        if (clients.RemoveSubscription(Client(), key)) return;
        var problem = new LiveProblem("invalid_key", $"This connection has no subscription {key}.", "key");
        await Clients.Caller.SendAsync(LiveMessages.ErrorMethod, problem.ToError());
        throw problem;
    }

    private (BrowseModule Channel, LiveFilter Filter) Requested(string channel, JsonElement? filters, long? afterSequence)
    {
        var known = KnownChannel(channel);
        if (afterSequence is < 0) throw new LiveProblem("invalid_after", "'afterSequence' must not be negative.", "afterSequence");
        return (known, LiveFilter.Parse(filters, known));
    }

    /// <summary>Subscribes once the filters were validated and the replay budget allows; whatever fails leaves nothing registered.</summary>
    private async Task<(int? Key, int? Replayed)> SubscribeClient(BrowseModule channel, LiveFilter filter, long? after, long? pushedBeforeJoin, bool added)
    {
        var client = Client();
        var replays = after is not null || pushedBeforeJoin is not null;
        if (replays) await budgets.StartCatchUpAsync(Context);
        (int? Key, int? Replayed) subscribed;
        try
        {
            subscribed = await clients.SubscribeAsync(client, channel, filter, after, pushedBeforeJoin, added, Context.ConnectionAborted);
        }
        catch (Exception e) when (e is not LiveProblem && !Context.ConnectionAborted.IsCancellationRequested)
        {
            logger.LogWarning(e, "Subscribing {ConnectionId} to {Channel} failed", Context.ConnectionId, channel.Name);
            throw new LiveProblem("unavailable", "The subscription could not be set up; nothing was registered. Retry in a moment.");
        }
        if (replays) await budgets.ChargeCatchUpAsync(Context, subscribed.Replayed ?? options.Value.MaxCatchUpEvents);
        return subscribed;
    }

    private LiveClient Client() => clients.Find(Context.ConnectionId)
        ?? throw new LiveProblem("not_connected", "the connection is closing.");

    private BrowseModule KnownChannel(string? name) => clients.Channel(name)
        ?? throw new LiveProblem("unknown_channel", $"'{name}' is not a channel; use one of: {string.Join(", ", clients.ChannelNames)}.", "channel");
}

/// <summary>Registers each connection with <see cref="LiveClients"/> before the hub sees it, and removes it after.</summary>
internal sealed class LiveHubLifetimeManager(LiveClients clients, ILogger<DefaultHubLifetimeManager<LiveHub>> logger)
    : DefaultHubLifetimeManager<LiveHub>(logger)
{
    public override async Task OnConnectedAsync(HubConnectionContext connection)
    {
        await base.OnConnectedAsync(connection);
        clients.Add(connection);
    }

    public override async Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        clients.Remove(connection.ConnectionId);
        await base.OnDisconnectedAsync(connection);
    }
}

/// <summary>
/// Notes on each request to the hub how far the pushes had got when it arrived. A channel named in the query string is
/// joined only after the handshake (when the client already counts itself connected); the hub then replays what was
/// pushed in between, so a client that joins that way misses nothing committed after it connected.
/// </summary>
internal sealed class JoinPointMiddleware(RequestDelegate next, LiveClients clients)
{
    public const string Key = "zumodra.live.pushed-before-join";

    public Task InvokeAsync(HttpContext context)
    {
        context.Items[Key] = clients.LatestPushed;
        return next(context);
    }
}
