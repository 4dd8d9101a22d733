using System.Text.Json;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Npgsql;
using Wolverine.Http;
using Zumodra.Admin.Security;
using Zumodra.BuildingBlocks;

namespace Zumodra.Admin.BrowsingHistory;

/// <summary>One event as the admin API shows it: what happened, to which stream, when, by whom, and its data as written.</summary>
public sealed record StreamEvent(
    long Sequence,
    Guid StreamId,
    long Version,
    string Type,
    string ClrType,
    DateTimeOffset Timestamp,
    string? UserName,
    string? CorrelationId,
    string? CausationId,
    Guid EventId,
    JsonElement Data)
{
    public static StreamEvent From(IEvent e) => new(
        e.Sequence, e.StreamId, e.Version, e.EventTypeName, e.EventType.Name, e.Timestamp, e.UserName, e.CorrelationId, e.CausationId, e.Id,
        JsonSerializer.SerializeToElement(e.Data, e.EventType, JsonSerializerOptions.Web));
}

/// <summary>A stream's whole history, oldest first.</summary>
/// <param name="Type">The stream's aggregate type as Marten records it (e.g. <c>job</c>), when known.</param>
public sealed record StreamHistoryView(
    Guid Id,
    string? Type,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    bool Archived,
    IReadOnlyList<StreamEvent> Events);

/// <summary>A stream found by the admin search, with a label taken from its latest event that has a title or a name.</summary>
public sealed record StreamSearchHit(Guid Id, string? Type, long Version, DateTimeOffset UpdatedAt, string? Label);

/// <summary>Reads streams from the shared event store (never another module's documents).</summary>
public sealed class StreamHistory(IDocumentStore store)
{
    public const int MaxSearchHits = 25;

    public async Task<StreamHistoryView?> LoadAsync(Guid id, CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        var state = await session.Events.FetchStreamStateAsync(id, cancellation);
        if (state is null) return null;
        var events = await session.Events.FetchStreamAsync(id, token: cancellation);
        return new StreamHistoryView(
            id, await StreamTypeAsync(id, cancellation), state.Version, state.Created, state.LastTimestamp, state.IsArchived,
            events.Select(StreamEvent.From).ToList());
    }

    /// <summary>The events of the stream up to a version or a point in time (both optional), oldest first.</summary>
    internal async Task<IReadOnlyList<IEvent>> EventsAsync(IQuerySession session, Guid id, long version, DateTimeOffset? asOf, CancellationToken cancellation) =>
        await session.Events.FetchStreamAsync(id, version, asOf, token: cancellation);

    /// <summary>
    /// Streams whose events mention the text (case-insensitive, anywhere in their data: a title, a name, a city), most
    /// recently written first. Reads the newest events first and stops at the first matches, so common words are fast.
    /// </summary>
    public async Task<IReadOnlyList<StreamSearchHit>> SearchAsync(string text, CancellationToken cancellation)
    {
        var schema = store.Options.Events.DatabaseSchemaName;
        var pattern = "%" + text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal) + "%";
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        await using var command = new NpgsqlCommand(
            $$"""
             with matches as (
               select stream_id from {{schema}}.mt_events where data::text ilike @pattern escape '\' order by seq_id desc limit 500
             )
             select s.id, s.type, s.version, s.timestamp,
                    (select coalesce(jsonb_path_query_first(e.data, 'lax $.**.Title') #>> '{}', jsonb_path_query_first(e.data, 'lax $.**.Name') #>> '{}')
                     from {{schema}}.mt_events e
                     where e.stream_id = s.id and (jsonb_path_exists(e.data, 'lax $.**.Title') or jsonb_path_exists(e.data, 'lax $.**.Name'))
                     order by e.version desc limit 1)
             from {{schema}}.mt_streams s
             where s.id in (select stream_id from matches)
             order by s.timestamp desc
             limit {{MaxSearchHits}}
             """, connection);
        command.Parameters.AddWithValue("pattern", pattern);
        var hits = new List<StreamSearchHit>();
        await using var rows = await command.ExecuteReaderAsync(cancellation);
        while (await rows.ReadAsync(cancellation))
            hits.Add(new StreamSearchHit(
                rows.GetGuid(0), rows.IsDBNull(1) ? null : rows.GetString(1), rows.IsDBNull(2) ? 0 : rows.GetInt64(2),
                rows.GetFieldValue<DateTimeOffset>(3), rows.IsDBNull(4) ? null : rows.GetString(4)));
        return hits;
    }

    /// <summary>The stream's aggregate type alias as Marten wrote it in <c>mt_streams</c>.</summary>
    internal async Task<string?> StreamTypeAsync(Guid id, CancellationToken cancellation)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        await using var command = new NpgsqlCommand($"select type from {store.Options.Events.DatabaseSchemaName}.mt_streams where id = @id", connection);
        command.Parameters.AddWithValue("id", id);
        return await command.ExecuteScalarAsync(cancellation) as string;
    }
}

public static class StreamEventsEndpoint
{
    /// <summary>
    /// <c>GET /api/admin/streams/{id}/events</c>: the full ordered history of one stream (type, version, global
    /// sequence, time, data, user and correlation id of each event); 404 for an unknown stream.
    /// </summary>
    [WolverineGet("/api/admin/streams/{id:guid}/events"), AdminOnly, Tags("Admin")]
    public static async Task<IResult> Get(Guid id, StreamHistory history, CancellationToken cancellation) =>
        await history.LoadAsync(id, cancellation) is { } stream
            ? Results.Ok(stream)
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Stream not found", detail: $"No stream has id {id}.");
}
