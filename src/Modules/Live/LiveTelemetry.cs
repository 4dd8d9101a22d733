using System.Diagnostics;
using System.Diagnostics.Metrics;
using Zumodra.BuildingBlocks;
using Zumodra.Live.Feed;

namespace Zumodra.Live;

/// <summary>
/// The live module's metrics (meter <c>Zumodra.Live</c>) and spans (source <c>Zumodra.Live</c>). The fan-out records once
/// per change, never per delivery: its loop over the subscribers takes no instrument, lock or allocation of these.
/// </summary>
internal sealed class LiveTelemetry
{
    public const string Name = "Zumodra.Live";

    /// <summary>Process-wide, as activity sources are; a span costs nothing while nobody listens.</summary>
    public static readonly ActivitySource Traces = new(Name);

    private const string ChannelTag = "channel";

    private readonly Meter _meter;
    private readonly Counter<long> _relayed;
    private readonly Counter<long> _deliveries;
    private readonly Histogram<double> _relayLag;
    private readonly Counter<long> _replayed;
    private readonly Counter<long> _slowClients;
    private readonly Counter<long> _failedSubscriptions;

    public LiveTelemetry(IMeterFactory meters)
    {
        // The host's meter factory: one meter per application, disposed with it (a static one kept every test host's gauge).
        _meter = meters.Create(Name);
        _relayed = _meter.CreateCounter<long>("zumodra.live.changes_relayed", "{change}", "Changes relayed to this node's subscribers.");
        _deliveries = _meter.CreateCounter<long>("zumodra.live.deliveries", "{message}",
            "Pushes handed to subscribers' connections (one per subscription that sees a change).");
        _relayLag = _meter.CreateHistogram("zumodra.live.relay_lag", "s",
            "From a change's commit to its pushes handed to the sockets (or to the relay's end when nobody follows its channel).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
        _replayed = _meter.CreateCounter<long>("zumodra.live.catch_up.replayed", "{change}", "Changes replayed to clients catching up.");
        _slowClients = _meter.CreateCounter<long>("zumodra.live.slow_clients_disconnected", "{connection}",
            "Clients disconnected because they could not keep up; they catch up when they reconnect.");
        _failedSubscriptions = _meter.CreateCounter<long>("zumodra.live.subscriptions_failed", "{subscription}",
            "Subscriptions ended because their filters could not be evaluated; their clients were told to reload.");
    }

    /// <summary>Gauges read at collection time only: the connections, and per channel the connections subscribed to it.</summary>
    public void Observe(Func<int> connections, Func<IEnumerable<(string Channel, int Connections)>> perChannel)
    {
        _meter.CreateObservableGauge("zumodra.live.connections", connections, "{connection}");
        _meter.CreateObservableGauge("zumodra.live.channel_connections",
            () => perChannel().Select(x => new Measurement<int>(x.Connections, new KeyValuePair<string, object?>(ChannelTag, x.Channel))),
            "{connection}", "Connections subscribed to each channel.");
    }

    public void Relayed() => _relayed.Add(1);

    /// <summary>A change handed to <paramref name="deliveries"/> subscriptions at <paramref name="now"/>.</summary>
    public void FannedOut(LiveChange change, int deliveries, DateTimeOffset now)
    {
        var channel = new KeyValuePair<string, object?>(ChannelTag, change.Channel);
        if (deliveries > 0) _deliveries.Add(deliveries, channel);
        // Clocks of two nodes, or a timestamp taken just before the commit, can put the commit a little after now.
        _relayLag.Record(Math.Max(0, (now - change.Timestamp).TotalSeconds), channel);
    }

    public void Replayed(string channel, int changes)
    {
        if (changes > 0) _replayed.Add(changes, new KeyValuePair<string, object?>(ChannelTag, channel));
    }

    public void SlowClientDisconnected() => _slowClients.Add(1);

    public void SubscriptionsFailed(int subscriptions) => _failedSubscriptions.Add(subscriptions);

    /// <summary>The span of a change's relay on this node: a child of the handling of its message when that is traced.</summary>
    public static Activity? StartRelay(LiveChange change, ActivityContext parent) =>
        Traces.StartActivity("live relay", ActivityKind.Internal, parent)?
            .SetTag(LiveFeed.SequenceAttribute, change.Id)
            .SetTag(ChannelTag, change.Channel);

    /// <summary>The span of a change's fan-out, on the fan-out thread: a child of its relay's span, none when that was not traced.</summary>
    public static Activity? StartFanOut(LiveChange change, ActivityContext relay, int deliveries) =>
        relay == default ? null : Traces.StartActivity("live fan-out", ActivityKind.Internal, relay)?
            .SetTag(LiveFeed.SequenceAttribute, change.Id)
            .SetTag(ChannelTag, change.Channel)
            .SetTag("zumodra.live.deliveries", deliveries);
}
