using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Zumodra.Live.Feed;
using Zumodra.Live.Filtering;

namespace Zumodra.Live.Hubs;

/// <summary>
/// One connected client: its subscriptions and a bounded queue drained by its own pump, so a slow or dead client
/// only ever delays itself. When the queue is full the client is disconnected (it catches up on reconnect).
/// </summary>
public sealed class LiveClient
{
    private readonly HubConnectionContext _connection;
    private readonly Channel<SerializedHubMessage> _outbox;
    private readonly Dictionary<string, Subscription> _subscriptions = new(StringComparer.Ordinal);
    private int _overflowed;
    private int _completed;

    public LiveClient(HubConnectionContext connection, int capacity)
    {
        _connection = connection;
        Capacity = capacity;
        _outbox = Channel.CreateBounded<SerializedHubMessage>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
        });
        _ = PumpAsync();
    }

    public string ConnectionId => _connection.ConnectionId;

    /// <summary>Raised once when the client fell too far behind and was disconnected.</summary>
    public event Action<LiveClient>? Overflowed;

    public Subscription? Find(string channel)
    {
        lock (_subscriptions) return _subscriptions.GetValueOrDefault(channel);
    }

    public IReadOnlyList<Subscription> Subscriptions()
    {
        lock (_subscriptions) return [.. _subscriptions.Values];
    }

    public Subscription Subscribe(string channel, LiveFilter filter, bool catchingUp)
    {
        var subscription = new Subscription(this, channel, filter, catchingUp);
        lock (_subscriptions) _subscriptions[channel] = subscription;
        return subscription;
    }

    public bool Unsubscribe(string channel)
    {
        lock (_subscriptions) return _subscriptions.Remove(channel);
    }

    public int Capacity { get; }

    public void Send(SerializedHubMessage message)
    {
        // A closed queue means the client already left (a fan-out that started before it did); not a slow client.
        if (!_outbox.Writer.TryWrite(message) && Volatile.Read(ref _completed) == 0) DisconnectSlowClient();
    }

    /// <summary>
    /// The client cannot keep up: drop the connection rather than buffer without bound, telling it to reconnect
    /// (it then catches up from its last sequence).
    /// </summary>
    public void DisconnectSlowClient()
    {
        if (Interlocked.Exchange(ref _overflowed, 1) != 0) return;
        Overflowed?.Invoke(this);
        // Stop queueing and free what it could not read anyway; it will catch up from its last sequence.
        _outbox.Writer.TryComplete();
        while (_outbox.Reader.TryRead(out _))
        {
        }
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
            await _connection.WriteAsync(new CloseMessage("too_slow: the client fell behind; reconnect to catch up.", allowReconnect: true), timeout.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException)
        {
            // A stalled socket may not take even this; the abort below still ends the connection.
        }
        _connection.Abort();
    }

    public void Complete()
    {
        Volatile.Write(ref _completed, 1);
        _outbox.Writer.TryComplete();
    }

    private async Task PumpAsync()
    {
        var aborted = _connection.ConnectionAborted;
        try
        {
            await foreach (var message in _outbox.Reader.ReadAllAsync(aborted))
                await _connection.WriteAsync(message, aborted);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away; its remaining messages are moot.
        }
    }
}

/// <summary>
/// A client's subscription to one channel. While it catches up, live changes wait in <see cref="_pending"/> and are
/// sent after the replay, skipping what the replay already covered, so the client sees no gap and no duplicate.
/// </summary>
public sealed class Subscription(LiveClient client, string channel, LiveFilter filter, bool catchingUp)
{
    private readonly object _gate = new();
    private readonly List<(long Position, SerializedHubMessage Message)> _pending = [];
    private bool _catchingUp = catchingUp;
    private long _lastPosition;

    public string Channel { get; } = channel;
    public LiveFilter Filter { get; } = filter;
    public LiveClient Client { get; } = client;

    /// <summary>A live change for this subscription; <paramref name="message"/> is null when it is not for this client's eyes.</summary>
    public void Offer(LiveChange change, SerializedHubMessage? message)
    {
        lock (_gate)
        {
            if (_catchingUp)
            {
                if (message is not null) _pending.Add((change.Position, message));
                if (_pending.Count > Client.Capacity) Client.DisconnectSlowClient();
                return;
            }
            if (change.Position <= _lastPosition) return;
            _lastPosition = change.Position;
            if (message is not null) Client.Send(message);
        }
    }

    /// <summary>Sends the replayed changes (already filtered, in push order), then whatever arrived live meanwhile.</summary>
    public void CompleteCatchUp(IReadOnlyList<(LiveChange Change, SerializedHubMessage? Message)> missed, SerializedHubMessage? notice = null)
    {
        lock (_gate)
        {
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
}
