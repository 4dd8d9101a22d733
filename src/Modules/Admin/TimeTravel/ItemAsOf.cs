using System.Globalization;
using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;
using Zumodra.Admin.BrowsingHistory;
using Zumodra.Admin.Catalog;
using Zumodra.Admin.Security;
using Zumodra.BuildingBlocks;

namespace Zumodra.Admin.TimeTravel;

/// <summary>A point in a stream's history: after a version, or at a time (neither: now).</summary>
public sealed record PointInTime(long? Version, DateTimeOffset? AsOf)
{
    public static PointInTime Now { get; } = new(null, null);

    public bool IsNow => Version is null && AsOf is null;

    /// <summary>Reads <c>?version=</c> or <c>?asOf=</c> (not both).</summary>
    public static PointInTime Read(IQueryCollection query, ValidationErrors errors)
    {
        var reader = new QueryReader(query);
        var asOf = FollowingEvents.EventFeed.Time(reader, "asOf");
        long? version = null;
        var text = reader.Raw("version");
        if (!string.IsNullOrWhiteSpace(text))
        {
            if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed >= 1) version = parsed;
            else reader.Errors.Add("version", "'version' must be a stream version (a whole number, 1 or more).");
        }
        errors.AddAll(reader.Errors);
        errors.When(version is not null && asOf is not null, "version", "Give either 'version' or 'asOf', not both.");
        return new PointInTime(version, asOf);
    }
}

/// <summary>Every read model of one stream as it was at a point of its history.</summary>
/// <param name="Version">The stream's version at that point.</param>
/// <param name="Timestamp">When that version was written.</param>
/// <param name="Documents">Projection name to its document then (projections that had none are left out).</param>
public sealed record ItemState(Guid Id, string? StreamType, long Version, DateTimeOffset Timestamp, DateTimeOffset? AsOf, IReadOnlyDictionary<string, JsonElement> Documents);

/// <summary>Rebuilds documents from their events as they were at a version or a time.</summary>
public sealed class TimeMachine(IDocumentStore store, ProjectionCatalog catalog, StreamHistory history)
{
    /// <summary>Every projection's document of the stream at that point; null when the stream had no events by then.</summary>
    public async Task<ItemState?> StateAsync(Guid id, PointInTime point, CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        var events = await history.EventsAsync(session, id, point.Version ?? 0, point.AsOf, cancellation);
        if (events.Count == 0) return null;
        var documents = new Dictionary<string, JsonElement>();
        foreach (var document in catalog.Documents)
            if (await document.ApplyAsync(session, null, events, cancellation) is { } state)
                documents[document.ProjectionName] = JsonSerializer.SerializeToElement(state, document.DocumentType, JsonSerializerOptions.Web);
        return new ItemState(id, await history.StreamTypeAsync(id, cancellation), events[^1].Version, events[^1].Timestamp, point.AsOf, documents);
    }

    /// <summary>One document type at that point, through Marten's live aggregation; null when there was none.</summary>
    internal async Task<object?> DocumentAsync(ProjectedDocument document, Guid id, PointInTime point, CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        return await document.AggregateAsync(session, id, point.Version ?? 0, point.AsOf, cancellation);
    }
}

public static class ItemAsOfEndpoint
{
    /// <summary>
    /// <c>GET /api/admin/items/{id}?asOf=|version=</c>: every read model of the stream (browse item, snapshot, …) as it
    /// was at that time or after that version, rebuilt from its events; without either, as the events say it is now.
    /// </summary>
    [WolverineGet("/api/admin/items/{id:guid}"), AdminOnly, Tags("Admin")]
    public static async Task<IResult> Get(Guid id, HttpRequest request, TimeMachine machine, CancellationToken cancellation)
    {
        var errors = new ValidationErrors();
        var point = PointInTime.Read(request.Query, errors);
        if (!errors.IsEmpty) return Results.Problem(errors.ToProblem());
        return await machine.StateAsync(id, point, cancellation) is { } state
            ? Results.Ok(state)
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found",
                detail: point.IsNow ? $"No stream has id {id}." : $"Stream {id} had no events at that point.");
    }
}
