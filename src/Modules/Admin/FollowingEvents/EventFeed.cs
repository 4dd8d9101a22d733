using System.Globalization;
using JasperFx.Events;
using Marten;
using Marten.Events;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;
using Zumodra.Admin.BrowsingHistory;
using Zumodra.Admin.Security;
using Zumodra.BuildingBlocks;

namespace Zumodra.Admin.FollowingEvents;

/// <param name="Next">The <c>after</c> to ask for the following page (or to poll for newer events).</param>
/// <param name="More">Whether the page is full, so that more events may follow right away.</param>
/// <param name="HighWaterMark">The highest committed event sequence.</param>
public sealed record EventFeedPage(IReadOnlyList<StreamEvent> Items, long Next, bool More, long HighWaterMark);

public sealed record EventFeedQuery(IReadOnlyList<Type> Types, DateTimeOffset? From, DateTimeOffset? To, long After, int Limit);

/// <summary>All events of the store, oldest first after a sequence, optionally filtered by type and time.</summary>
public sealed class EventFeed(IDocumentStore store)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public async Task<EventFeedPage> ReadAsync(EventFeedQuery query, CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        var high = await session.HighestCommittedAsync(cancellation);
        var after = query.After;
        IQueryable<IEvent> events = session.Events.QueryAllRawEvents().Where(e => e.Sequence > after);
        if (query.Types.Count > 0)
        {
            var types = query.Types.ToArray();
            events = events.Where(e => e.EventTypesAre(types));
        }
        if (query.From is { } from) events = events.Where(e => e.Timestamp >= from);
        if (query.To is { } to) events = events.Where(e => e.Timestamp <= to);
        var page = await events.OrderBy(e => e.Sequence).Take(query.Limit).ToListAsync(cancellation);
        return new EventFeedPage(page.Select(StreamEvent.From).ToList(), page.Count == 0 ? after : page[^1].Sequence, page.Count == query.Limit, high);
    }

    /// <summary>The newest events, newest first (the admin page's initial view of the feed).</summary>
    public async Task<IReadOnlyList<StreamEvent>> LatestAsync(int count, CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        var events = await session.Events.QueryAllRawEvents().OrderByDescending(e => e.Sequence).Take(count).ToListAsync(cancellation);
        return events.Select(StreamEvent.From).ToList();
    }

    /// <summary>Reads <c>?type=&amp;from=&amp;to=&amp;after=&amp;limit=</c>; <c>type</c> is an event type name (job_posted) or .NET name (JobPosted), repeatable.</summary>
    public EventFeedQuery Read(IQueryCollection parameters, ValidationErrors errors)
    {
        var reader = new QueryReader(parameters);
        var names = reader.Texts("type");
        var known = ((IReadOnlyStoreOptions)store.Options).Events.AllKnownEventTypes();
        var types = new List<Type>();
        foreach (var name in names)
        {
            var type = known.FirstOrDefault(x =>
                string.Equals(x.EventTypeName, name, StringComparison.OrdinalIgnoreCase) || string.Equals(x.EventType.Name, name, StringComparison.OrdinalIgnoreCase));
            if (type is null) errors.Add("type", $"'{name}' is not a known event type.");
            else types.Add(type.EventType);
        }
        var from = Time(reader, "from");
        var to = Time(reader, "to");
        errors.When(from is not null && to is not null && from > to, "from", "'from' must not be after 'to'.");
        var limit = reader.Int("limit", DefaultLimit, 1, MaxLimit);

        long after = 0;
        var afterText = reader.Raw("after");
        if (!string.IsNullOrWhiteSpace(afterText) && (!long.TryParse(afterText, NumberStyles.None, CultureInfo.InvariantCulture, out after)))
            reader.Errors.Add("after", "'after' must be an event sequence number (a whole number, 0 or more).");
        errors.AddAll(reader.Errors);
        return new EventFeedQuery(types, from, to, after, limit);
    }

    internal static DateTimeOffset? Time(QueryReader reader, string name)
    {
        var text = reader.Raw(name);
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)) return value;
        reader.Errors.Add(name, $"'{name}' must be an ISO 8601 time, e.g. 2025-01-31T12:00:00Z.");
        return null;
    }
}

public static class EventFeedEndpoint
{
    /// <summary>
    /// <c>GET /api/admin/events?type=&amp;from=&amp;to=&amp;after=&amp;limit=</c>: every event after a sequence (oldest first),
    /// filtered, <c>limit</c> 50 by default and at most 500; <c>next</c> is the cursor for the following page.
    /// </summary>
    [WolverineGet("/api/admin/events"), AdminOnly, Tags("Admin")]
    public static async Task<IResult> Get(HttpRequest request, EventFeed feed, CancellationToken cancellation)
    {
        var errors = new ValidationErrors();
        var query = feed.Read(request.Query, errors);
        if (!errors.IsEmpty) return Results.Problem(errors.ToProblem());
        return Results.Ok(await feed.ReadAsync(query, cancellation));
    }
}
