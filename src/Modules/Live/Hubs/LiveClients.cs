using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Zumodra.BuildingBlocks;
using Zumodra.Live.Contracts;
using Zumodra.Live.Feed;
using Zumodra.Live.Filtering;

namespace Zumodra.Live.Hubs;

/// <summary>The connected clients and their subscriptions, and the fan-out of each change to them.</summary>
internal sealed class LiveClients
{
    private static readonly IReadOnlySet<string> NoSearches = new HashSet<string>();

    private readonly LiveTelemetry _telemetry;
    private readonly ConcurrentDictionary<string, LiveClient> _clients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Subscription, byte>> _byChannel = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BrowseModule> _channels;
    private readonly LiveOptions _options;
    private readonly LiveChangeLog _log;
    private readonly IFullTextMatcher _fullText;
    private readonly FanOutThread _fanOut;
    private readonly ILogger<LiveClients> _logger;

    // The push positions of the first and of the latest change this process pushed (0: none yet). They tell a client
    // that joins from its connection request which changes were pushed between that request and its subscription.
    private long _firstPushed;
    private long _latestPushed;

    public LiveClients(BrowseModules modules, IOptions<LiveOptions> options, LiveChangeLog log, IFullTextMatcher fullText, FanOutThread fanOut,
        LiveTelemetry telemetry, ILogger<LiveClients> logger)
    {
        _fanOut = fanOut;
        _channels = modules.All.ToDictionary(x => x.Name, StringComparer.Ordinal);
        _options = options.Value;
        _log = log;
        _fullText = fullText;
        _logger = logger;
        _telemetry = telemetry;
        telemetry.Observe(() => _clients.Count, ConnectionsPerChannel);
    }

    /// <summary>Read at collection time; enumerating the concurrent dictionaries takes no lock from the fan-out.</summary>
    private IEnumerable<(string, int)> ConnectionsPerChannel() =>
        _channels.Keys.Select(channel => (channel,
            _byChannel.TryGetValue(channel, out var subscriptions) ? subscriptions.Select(x => x.Key.Client).Distinct().Count() : 0));

    public IReadOnlyCollection<string> ChannelNames => _channels.Keys;

    public BrowseModule? Channel(string? name) => name is null ? null : _channels.GetValueOrDefault(name);

    public LiveClient? Find(string connectionId) => _clients.GetValueOrDefault(connectionId);

    public void Add(HubConnectionContext connection)
    {
        // Room for a whole catch-up on top of the live buffer: a replay must not count as falling behind.
        var client = new LiveClient(connection, _options.SendBufferPerConnection + _options.MaxCatchUpEvents);
        client.Overflowed += slow =>
        {
            _telemetry.SlowClientDisconnected();
            _logger.LogWarning("Live client {ConnectionId} could not keep up ({Capacity} messages queued) and was disconnected", slow.ConnectionId, slow.Capacity);
        };
        _clients[connection.ConnectionId] = client;
    }

    public void Remove(string connectionId)
    {
        if (!_clients.TryRemove(connectionId, out var client)) return;
        foreach (var subscription in client.Subscriptions()) Forget(subscription);
        client.Complete();
    }

    /// <summary>How far the pushes have got: what <see cref="SubscribeAsync"/> takes as <c>pushedBeforeJoin</c>.</summary>
    public long LatestPushed => Interlocked.Read(ref _latestPushed);

    /// <summary>
    /// Subscribes the client to a channel: its default subscription there (replacing the previous one), or with
    /// <paramref name="added"/> one more beside its others, under a new key. With <paramref name="afterSequence"/>, it
    /// first replays what the client missed since that change; with <paramref name="pushedBeforeJoin"/>
    /// (<see cref="LatestPushed"/> when the client asked to join), what was pushed since then; with neither, it starts now.
    /// Returns the added subscription's key, and how many changes were replayed (null when the client must reload instead).
    /// </summary>
    public async Task<(int? Key, int? Replayed)> SubscribeAsync(LiveClient client, BrowseModule channel, LiveFilter filter, long? afterSequence,
        long? pushedBeforeJoin, bool added, CancellationToken cancellation)
    {
        var catchingUp = afterSequence is not null || pushedBeforeJoin is not null;
        Subscription subscription;
        if (added)
        {
            subscription = client.Add(channel.Name, filter, catchingUp, _options.MaxSubscriptionsPerConnection)
                ?? throw new LiveProblem("too_many_subscriptions",
                    $"At most {_options.MaxSubscriptionsPerConnection} subscriptions per connection; remove one (RemoveSubscription) first.");
        }
        else
        {
            if (client.Find(channel.Name) is { } previous) Forget(previous);
            subscription = client.Subscribe(channel.Name, filter, catchingUp);
        }
        _byChannel.GetOrAdd(channel.Name, _ => new())[subscription] = 0;
        try
        {
            return (subscription.Key, await CatchUpAsync(subscription, channel, afterSequence, pushedBeforeJoin, cancellation));
        }
        catch
        {
            // A subscription whose catch-up failed must not stay behind, waiting for a replay that never comes.
            Forget(subscription);
            client.Unsubscribe(subscription);
            throw;
        }
    }

    private async Task<int?> CatchUpAsync(Subscription subscription, BrowseModule channel, long? afterSequence, long? pushedBeforeJoin, CancellationToken cancellation)
    {
        var max = _options.MaxCatchUpEvents;
        IReadOnlyList<LiveChange>? missed;
        if (afterSequence is { } after)
            missed = await _log.MissedAsync(channel.Name, after, max, cancellation);
        else if (pushedBeforeJoin is not { } pushed)
            return 0;
        else if (LatestPushed == pushed)
            // Registered before this check, so every later push offers itself to the subscription.
            missed = [];
        else
            missed = await _log.PushedAfterAsync(channel.Name, pushed == 0 ? Interlocked.Read(ref _firstPushed) - 1 : pushed, max, cancellation);

        if (missed is null)
        {
            subscription.CompleteCatchUp([], LiveMessages.Serialized(LiveMessages.ReloadRequiredMethod, new ReloadRequired(channel.Name, afterSequence ?? 0,
                $"More than {max} changes were missed; reload the page.", subscription.Key)));
            return null;
        }

        var matches = await MatchesAsync(subscription.Filter, missed, cancellation);
        _telemetry.Replayed(channel.Name, missed.Count);
        subscription.CompleteCatchUp(missed.Select((change, i) => (change, MessageFor(change, matches[i], subscription.Key))).ToList());
        return missed.Count;
    }

    public bool Unsubscribe(LiveClient client, string channel)
    {
        if (client.Find(channel) is not { } subscription) return false;
        Forget(subscription);
        return client.Unsubscribe(channel);
    }

    /// <summary>Ends the added subscription <paramref name="key"/>; false when the client has none under that key.</summary>
    public bool RemoveSubscription(LiveClient client, int key)
    {
        if (client.Remove(key) is not { } subscription) return false;
        Forget(subscription);
        subscription.Cancel();
        return true;
    }

    /// <summary>
    /// Offers a change to every subscriber of its channel; filters are evaluated once per distinct filter, here, and the
    /// messages handed to the connections on the <see cref="FanOutThread"/>, in the order of these calls.
    /// </summary>
    /// <param name="trace">The span of the write's message handling, parent of this relay's spans (default: none).</param>
    public async Task PublishAsync(LiveChange change, ActivityContext trace, CancellationToken cancellation)
    {
        using var relay = LiveTelemetry.StartRelay(change, trace);
        _telemetry.Relayed();
        // Before the subscribers are read: a subscription that missed this push sees the new position and catches up.
        Interlocked.CompareExchange(ref _firstPushed, change.Position, 0);
        Interlocked.Exchange(ref _latestPushed, change.Position);
        if (!_byChannel.TryGetValue(change.Channel, out var subscriptions) || subscriptions.IsEmpty)
        {
            _telemetry.FannedOut(change, 0, DateTimeOffset.UtcNow);
            return;
        }

        var groups = subscriptions.Keys.GroupBy(x => x.Filter.Key).ToList();
        var searches = groups.Select(g => g.First().Filter.Search).OfType<string>().Distinct().ToList();
        var (matchingSearches, failedSearches) = change.Change == BrowseChange.Deleted || searches.Count == 0
            ? (NoSearches, NoSearches)
            : await MatchSearchesAsync(change.Filterable.SearchText, searches, cancellation);
        var ended = failedSearches.Count == 0 ? null : EndSubscriptions(groups, failedSearches);

        // One message per way the change is seen (and per key of the added subscriptions that see it, made on the fan-out
        // thread when first needed): keys count from 1 on every connection, so this does not grow with the clients.
        var messages = new Dictionary<(BrowseChange, int?), SerializedHubMessage>();
        var deliveries = groups.Select(group =>
        {
            var filter = group.First().Filter;
            var matches = filter.MatchesValues(change.Filterable) && (filter.Search is null || matchingSearches.Contains(filter.Search));
            return (Subscribers: group, Matches: matches, Message: MessageFor(change, matches, null, messages));
        }).ToList();
        // Counted here, once per change: the loop below runs per subscriber.
        var delivered = deliveries.Sum(x => x.Message is null ? 0 : x.Subscribers.Count());
        var relayed = relay?.Context ?? default;
        _fanOut.Post(round =>
        {
            using var fanOut = LiveTelemetry.StartFanOut(change, relayed, delivered);
            foreach (var (subscribers, matches, message) in deliveries)
                foreach (var subscription in subscribers)
                    subscription.Offer(change, subscription.Key is null || message is null ? message : MessageFor(change, matches, subscription.Key, messages), round);
            round.FannedOut(change, delivered);
            if (ended is null) return;
            foreach (var subscription in ended) subscription.End(SubscriptionFailedNotices(change, subscription.Key), round);
        });
    }

    /// <summary>
    /// Which searches match, all in one query. Should that query fail, each search is tried alone and those that fail are
    /// returned apart: one search that cannot be evaluated must cost its own subscribers, never the channel (a failed
    /// relay is retried, holding every other subscriber's pushes back meanwhile).
    /// </summary>
    private async Task<(IReadOnlySet<string> Matching, IReadOnlySet<string> Failed)> MatchSearchesAsync(string text, List<string> searches,
        CancellationToken cancellation)
    {
        try
        {
            return (await _fullText.MatchingSearchesAsync(text, searches, cancellation), NoSearches);
        }
        catch (Exception e) when (!cancellation.IsCancellationRequested)
        {
            _logger.LogWarning(e, "Matching {Count} live searches at once failed; trying them one by one", searches.Count);
        }
        var matching = new HashSet<string>(StringComparer.Ordinal);
        var failed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var search in searches)
        {
            try
            {
                if ((await _fullText.MatchingSearchesAsync(text, [search], cancellation)).Contains(search)) matching.Add(search);
            }
            catch (Exception e) when (!cancellation.IsCancellationRequested)
            {
                _logger.LogWarning(e, "The live search {Search} could not be evaluated; its subscribers are told to reload", search);
                failed.Add(search);
            }
        }
        return (matching, failed);
    }

    /// <summary>Takes the groups searching for one of <paramref name="failedSearches"/> out of the fan-out; returns their subscriptions.</summary>
    private List<Subscription> EndSubscriptions(List<IGrouping<string, Subscription>> groups, IReadOnlySet<string> failedSearches)
    {
        var failing = groups.Where(g => g.First().Filter.Search is { } search && failedSearches.Contains(search)).ToList();
        groups.RemoveAll(failing.Contains);
        var ended = failing.SelectMany(g => g).ToList();
        foreach (var subscription in ended)
        {
            Forget(subscription);
            subscription.Client.Unsubscribe(subscription);
        }
        _telemetry.SubscriptionsFailed(ended.Count);
        return ended;
    }

    private static SerializedHubMessage[] SubscriptionFailedNotices(LiveChange change, int? key)
    {
        const string reason = "Your filters could not be evaluated for a change, so this subscription ended; reload the page.";
        return
        [
            LiveMessages.Serialized(LiveMessages.ErrorMethod, new LiveError("reload_required", reason, Key: key)),
            LiveMessages.Serialized(LiveMessages.ReloadRequiredMethod, new ReloadRequired(change.Channel, change.Id - 1, reason, key)),
        ];
    }

    private async Task<bool[]> MatchesAsync(LiveFilter filter, IReadOnlyList<LiveChange> changes, CancellationToken cancellation)
    {
        var matches = changes.Select(c => c.Change != BrowseChange.Deleted && filter.MatchesValues(c.Filterable)).ToArray();
        if (filter.Search is null || changes.Count == 0) return matches;
        var searched = await _fullText.MatchingTextsAsync(filter.Search, changes.Select(c => c.Filterable.SearchText).ToList(), cancellation);
        return matches.Select((match, i) => match && searched.Contains(i)).ToArray();
    }

    private static SerializedHubMessage? MessageFor(LiveChange change, bool matches, int? key,
        Dictionary<(BrowseChange, int?), SerializedHubMessage>? cache = null)
    {
        if (LiveMessages.AsSeenBy(change, matches) is not { } seen) return null;
        if (cache is not null && cache.TryGetValue((seen, key), out var cached)) return cached;
        var message = seen == BrowseChange.Deleted ? LiveMessages.Deleted(change, key) : LiveMessages.Visible(change, seen == BrowseChange.Created, key);
        if (cache is not null) cache[(seen, key)] = message;
        return message;
    }

    private void Forget(Subscription subscription)
    {
        if (_byChannel.TryGetValue(subscription.Channel, out var subscriptions)) subscriptions.TryRemove(subscription, out _);
    }
}
