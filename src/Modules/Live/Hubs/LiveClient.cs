using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Zumodra.Live.Feed;
using Zumodra.Live.Filtering;

namespace Zumodra.Live.Hubs;

/// <summary>
/// One connected client: its subscriptions and its outgoing messages. A message goes straight to the connection's
/// transport buffer when nothing is waiting; while a write is pending (the socket is backed up) later messages wait
/// in a bounded queue drained by that write's continuation, so a slow or dead client only ever delays itself. When
/// the queue is full the client is disconnected (it catches up on reconnect).
/// </summary>
internal sealed class LiveClient(HubConnectionContext connection, int capacity)
{
    private readonly Queue<(SerializedHubMessage Message, int Count)> _waiting = new();
    // The default subscription of each channel (query string, Subscribe), and the added ones by key (AddSubscription).
    private readonly Dictionary<string, Subscription> _subscriptions = new(StringComparer.Ordinal);
    private readonly Dictionary<int, Subscription> _added = [];
    private int _lastKey;
    // What the current fan-out round has for this client; touched by the fan-out thread alone.
    private readonly List<SerializedHubMessage> _staged = [];
    private int _waitingMessages;
    private bool _writing;
    private bool _closed;
    private int _overflowed;

    public string ConnectionId => connection.ConnectionId;

    public int Capacity { get; } = capacity;

    /// <summary>Raised once when the client fell too far behind and was disconnected.</summary>
    public event Action<LiveClient>? Overflowed;

    public Subscription? Find(string channel)
    {
        lock (_subscriptions) return _subscriptions.GetValueOrDefault(channel);
    }

    public IReadOnlyList<Subscription> Subscriptions()
    {
        lock (_subscriptions) return [.. _subscriptions.Values, .. _added.Values];
    }

    public Subscription Subscribe(string channel, LiveFilter filter, bool catchingUp)
    {
        var subscription = new Subscription(this, channel, filter, catchingUp);
        lock (_subscriptions) _subscriptions[channel] = subscription;
        return subscription;
    }

    /// <summary>
    /// A subscription of its own, beside the others, under the next key; null when <paramref name="max"/> are there.
    /// Keys count from 1 on every connection and are never reused on one: connections with the same filters under the
    /// same key share their serialized pushes, and a late push of a removed subscription cannot reach its successor.
    /// </summary>
    public Subscription? Add(string channel, LiveFilter filter, bool catchingUp, int max)
    {
        lock (_subscriptions)
        {
            if (_added.Count >= max) return null;
            var subscription = new Subscription(this, channel, filter, catchingUp, ++_lastKey);
            _added[_lastKey] = subscription;
            return subscription;
        }
    }

    /// <summary>Takes the added subscription <paramref name="key"/> away; null when there is none.</summary>
    public Subscription? Remove(int key)
    {
        lock (_subscriptions) return _added.Remove(key, out var subscription) ? subscription : null;
    }

    public bool Unsubscribe(string channel)
    {
        lock (_subscriptions) return _subscriptions.Remove(channel);
    }

    /// <summary>Removes <paramref name="subscription"/> unless the client has since replaced it with another.</summary>
    public void Unsubscribe(Subscription subscription)
    {
        lock (_subscriptions)
        {
            if (subscription.Key is { } key) _added.Remove(key);
            else if (_subscriptions.GetValueOrDefault(subscription.Channel) == subscription) _subscriptions.Remove(subscription.Channel);
        }
    }

    public void Send(SerializedHubMessage message) => Send(message, 1);

    /// <summary>Adds a message to this client's part of the fan-out round; true when it is the first one.</summary>
    internal bool Stage(SerializedHubMessage message)
    {
        _staged.Add(message);
        return _staged.Count == 1;
    }

    /// <summary>Sends what the round staged for this client, as one write.</summary>
    internal void SendStaged(FanOutRound round)
    {
        try
        {
            Send(_staged.Count == 1 ? _staged[0] : round.Combine(connection.Protocol, _staged), _staged.Count);
        }
        finally
        {
            _staged.Clear();
        }
    }

    /// <param name="count">How many hub messages <paramref name="message"/> holds, for the bound on what may wait.</param>
    private void Send(SerializedHubMessage message, int count)
    {
        lock (_waiting)
        {
            // Closed: the client already left (a fan-out that started before it did) or was cut off; not a slow client.
            if (_closed) return;
            if (_writing)
            {
                if (_waitingMessages + count <= Capacity)
                {
                    _waiting.Enqueue((message, count));
                    _waitingMessages += count;
                }
                else DisconnectSlowClient();
                return;
            }
            _writing = true;
        }
        WriteFrom(message);
    }

    /// <summary>
    /// Writes <paramref name="message"/> and whatever queued behind it, inline while the transport takes them at once
    /// (the common case: the relay's fan-out costs no thread hop per client), on the write's continuation otherwise.
    /// </summary>
    private void WriteFrom(SerializedHubMessage? message)
    {
        while (message is not null)
        {
            ValueTask write;
            try
            {
                write = connection.WriteAsync(message, connection.ConnectionAborted);
            }
            catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or IOException)
            {
                Complete();
                return;
            }
            if (!write.IsCompleted)
            {
                _ = ContinueAfterAsync(write);
                return;
            }
            if (!write.IsCompletedSuccessfully)
            {
                Observe(write);
                Complete();
                return;
            }
            message = NextWaiting();
        }
    }

    private async Task ContinueAfterAsync(ValueTask write)
    {
        try
        {
            await write;
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or IOException)
        {
            Complete();
            return;
        }
        WriteFrom(NextWaiting());
    }

    private SerializedHubMessage? NextWaiting()
    {
        lock (_waiting)
        {
            if (!_closed && _waiting.TryDequeue(out var next))
            {
                _waitingMessages -= next.Count;
                return next.Message;
            }
            _writing = false;
            return null;
        }
    }

    private static void Observe(ValueTask write)
    {
        try
        {
            write.GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or IOException)
        {
            // The connection is going away; nothing more to send to it.
        }
    }

    /// <summary>
    /// The client cannot keep up: drop the connection rather than buffer without bound, telling it to reconnect
    /// (it then catches up from its last sequence).
    /// </summary>
    public void DisconnectSlowClient()
    {
        if (Interlocked.Exchange(ref _overflowed, 1) != 0) return;
        Overflowed?.Invoke(this);
        // Free what it could not read anyway; it will catch up from its last sequence.
        Complete();
        _ = CloseForReconnectAsync();
    }

    /// <summary>
    /// The close message waits behind what the transport already holds for the client (bounded by its buffers), so a
    /// client that resumes reading learns that it may reconnect; one that never does is cut off after the wait.
    /// </summary>
    private async Task CloseForReconnectAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await connection.WriteAsync(new CloseMessage("too_slow: the client fell behind; reconnect to catch up.", allowReconnect: true), timeout.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException)
        {
            // A stalled socket may not take even this; the abort below still ends the connection.
        }
        connection.Abort();
    }

    /// <summary>Stops sending: the client left or is being cut off; what still waits for it is dropped.</summary>
    public void Complete()
    {
        lock (_waiting)
        {
            _closed = true;
            _waiting.Clear();
            _waitingMessages = 0;
        }
    }
}

/// <summary>
/// A client's subscription to one channel. While it catches up, live changes wait in <see cref="_pending"/> and are
/// sent after the replay, skipping what the replay already covered, so the client sees no gap and no duplicate.
/// </summary>
/// <param name="key">An added subscription's key, carried by its pushes; null for a channel's default subscription.</param>
internal sealed class Subscription(LiveClient client, string channel, LiveFilter filter, bool catchingUp, int? key = null)
{
    private readonly object _gate = new();
    private readonly List<(long Position, SerializedHubMessage Message)> _pending = [];
    private bool _catchingUp = catchingUp;
    private bool _ended;
    private long _lastPosition;

    public string Channel { get; } = channel;
    public LiveFilter Filter { get; } = filter;
    public LiveClient Client { get; } = client;
    public int? Key { get; } = key;

    /// <summary>
    /// A live change for this subscription, delivered with the rest of the <paramref name="round"/>;
    /// <paramref name="message"/> is null when it is not for this client's eyes.
    /// </summary>
    public void Offer(LiveChange change, SerializedHubMessage? message, FanOutRound round)
    {
        lock (_gate)
        {
            if (_ended) return;
            if (_catchingUp)
            {
                if (message is not null) _pending.Add((change.Position, message));
                if (_pending.Count > Client.Capacity) Client.DisconnectSlowClient();
                return;
            }
            if (change.Position <= _lastPosition) return;
            _lastPosition = change.Position;
            if (message is not null) round.Stage(Client, message);
        }
    }

    /// <summary>Sends the replayed changes (already filtered, in push order), then whatever arrived live meanwhile.</summary>
    public void CompleteCatchUp(IReadOnlyList<(LiveChange Change, SerializedHubMessage? Message)> missed, SerializedHubMessage? notice = null)
    {
        lock (_gate)
        {
            if (_ended) return;
            if (notice is not null) Client.Send(notice);
            foreach (var (change, message) in missed)
            {
                _lastPosition = Math.Max(_lastPosition, change.Position);
                if (message is not null) Client.Send(message);
            }
            foreach (var (position, message) in _pending.Where(p => p.Position > _lastPosition))
            {
                _lastPosition = position;
                Client.Send(message);
            }
            _pending.Clear();
            _catchingUp = false;
        }
    }

    /// <summary>Ends the subscription at once (the client removed it): nothing more is offered to it.</summary>
    public void Cancel()
    {
        lock (_gate)
        {
            _ended = true;
            _pending.Clear();
        }
    }

    /// <summary>
    /// Ends the subscription after what was already delivered: it receives <paramref name="notices"/> (why, and that it
    /// must reload) with the rest of the <paramref name="round"/>, and nothing more.
    /// </summary>
    public void End(IReadOnlyList<SerializedHubMessage> notices, FanOutRound round)
    {
        lock (_gate)
        {
            if (_ended) return;
            _ended = true;
            _pending.Clear();
            foreach (var notice in notices) round.Stage(Client, notice);
        }
    }
}
