using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Logging;
using Zumodra.Live.Feed;

namespace Zumodra.Live.Hubs;

/// <summary>
/// The messages one pass of the <see cref="FanOutThread"/> has for each client, written once per client at the end of
/// the pass. Several messages go out as one write of their serialized records back to back, which the hub protocols
/// frame themselves (JSON records end with 0x1E, MessagePack ones are length-prefixed). Clients with the same run of
/// messages (the same filters) share one copy of those bytes per protocol. Used by the fan-out thread alone.
/// </summary>
internal sealed class FanOutRound(ILogger logger, LiveTelemetry telemetry)
{
    private readonly List<LiveClient> _staged = [];
    private readonly List<(LiveChange Change, int Deliveries)> _fannedOut = [];
    private readonly Dictionary<(string Protocol, MessageRun Run), SerializedHubMessage> _combined = [];

    public void Stage(LiveClient client, SerializedHubMessage message)
    {
        if (client.Stage(message)) _staged.Add(client);
    }

    /// <summary>A change offered to its subscribers, <paramref name="deliveries"/> of whom see it; measured once the round is written.</summary>
    public void FannedOut(LiveChange change, int deliveries) => _fannedOut.Add((change, deliveries));

    public void Flush()
    {
        foreach (var client in _staged)
        {
            try
            {
                client.SendStaged(this);
            }
            catch (Exception e)
            {
                // One client's failure must not keep the others' messages, or stop the fan-out thread.
                logger.LogError(e, "A live push to {ConnectionId} failed", client.ConnectionId);
            }
        }
        _staged.Clear();
        _combined.Clear();
        var now = DateTimeOffset.UtcNow;
        foreach (var (change, deliveries) in _fannedOut) telemetry.FannedOut(change, deliveries, now);
        _fannedOut.Clear();
    }

    /// <summary>One message made of <paramref name="messages"/>, in order, as <paramref name="protocol"/> writes them.</summary>
    public SerializedHubMessage Combine(IHubProtocol protocol, IReadOnlyList<SerializedHubMessage> messages)
    {
        var key = (protocol.Name, new MessageRun(messages));
        if (_combined.TryGetValue(key, out var combined)) return combined;

        var parts = messages.Select(m => m.GetSerializedMessage(protocol)).ToList();
        var bytes = new byte[parts.Sum(p => p.Length)];
        var at = 0;
        foreach (var part in parts)
        {
            part.Span.CopyTo(bytes.AsSpan(at));
            at += part.Length;
        }
        combined = new SerializedHubMessage([new SerializedMessage(protocol.Name, bytes)]);
        // The key keeps its own copy: the client's list is reused for its next round.
        _combined[(protocol.Name, new MessageRun([.. messages]))] = combined;
        return combined;
    }

    /// <summary>A sequence of messages compared by identity: clients that were offered the same message objects.</summary>
    private readonly struct MessageRun(IReadOnlyList<SerializedHubMessage> messages) : IEquatable<MessageRun>
    {
        public bool Equals(MessageRun other) => messages.SequenceEqual(other.Messages, ReferenceEqualityComparer.Instance);

        private IReadOnlyList<SerializedHubMessage> Messages => messages;

        public override bool Equals(object? obj) => obj is MessageRun other && Equals(other);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            foreach (var message in messages) hash.Add(RuntimeHelpers.GetHashCode(message));
            return hash.ToHashCode();
        }
    }
}
