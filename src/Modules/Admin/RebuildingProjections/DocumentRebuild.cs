using System.Threading.Channels;
using JasperFx.Events;
using Marten;
using Marten.Events;
using Marten.Internal.Storage;
using Marten.Schema.BulkLoading;
using Marten.Storage;
using Npgsql;
using NpgsqlTypes;
using Zumodra.Admin.Catalog;
using Zumodra.BuildingBlocks;

namespace Zumodra.Admin.RebuildingProjections;

/// <summary>What a completed rebuild changed in the live read model.</summary>
public sealed record RebuildChanges(long Documents, long Inserted, long Updated, long Deleted, long CaughtUpStreams);

internal interface IDocumentRebuild
{
    /// <summary>
    /// Rebuilds the projection's documents into temporary tables of <paramref name="shadow"/> (a connection of its own,
    /// held for the whole rebuild) and swaps them into the live table; see docs/adr/0004-projection-rebuilds.md.
    /// </summary>
    Task<RebuildChanges> RunAsync(NpgsqlConnection shadow, CancellationToken cancellation);
}

/// <summary>
/// Rebuilds one single-stream projection without taking its read model away:
/// <list type="number">
/// <item>note the highest committed event sequence H and the gaps below it (appends still in flight, or rolled back);</item>
/// <item>read the streams in batches, each stream's events up to H in order, fold each stream with the projection's own
/// aggregator and bulk-copy the documents into a temporary shadow table, reading the next batch while writing this one;</item>
/// <item>catch up: rebuild (from their whole history) the streams that got events after H or in a gap, once without
/// locks and once more inside the swap transaction;</item>
/// <item>swap: in one transaction holding an EXCLUSIVE lock on the live table (readers go on reading the old rows,
/// writers wait), delete, update and insert only the rows that differ. Readers see the old model until the commit
/// and the rebuilt one after it, never anything in between.</item>
/// </list>
/// </summary>
internal sealed class DocumentRebuild<TDoc>(DocumentStore store, SingleStreamDocument<TDoc> document, RebuildProgress progress) : IDocumentRebuild
    where TDoc : class
{
    private const int StreamsPerBatch = 1_000;

    /// <summary>Sessions reading events at the same time (the folding and copying run beside them).</summary>
    private const int Readers = 2;
    private const int LockAttempts = 6;
    private const string Versions = "admin_rebuild_versions";
    private const string Source = "admin_rebuild_source";

    private readonly string _events = $"{store.Options.Events.DatabaseSchemaName}.mt_events";
    private readonly string _streams = $"{store.Options.Events.DatabaseSchemaName}.mt_streams";
    private readonly string _live = document.Table.QualifiedName;
    private readonly string _shadow = document.Table.Name + "_temp";
    private readonly IBulkLoader<TDoc> _loader =
        ((MartenDocumentProvider<TDoc>)store.Storage.Database.Providers.StorageFor<TDoc>()).BulkLoader;
    private readonly Tenant _tenant = new(JasperFx.StorageConstants.DefaultTenantId, store.Storage.Database);

    public async Task<RebuildChanges> RunAsync(NpgsqlConnection shadow, CancellationToken cancellation)
    {
        await using var reader = store.Storage.Database.CreateConnection();
        await reader.OpenAsync(cancellation);
        await using var readSession = store.QuerySession();
        await using var buildSession = store.QuerySession();
        var eventTypes = SqlEventTypes();
        var streamType = document.StreamType is null ? null : ((EventGraph)store.Options.Events).AggregateAliasFor(document.StreamType);

        var high = await HighestCommittedAsync(reader, cancellation);
        var gaps = await GapsAsync(reader, 0, high, cancellation);
        var planned = await OfTypes(readSession.Events.QueryAllRawEvents().Where(e => e.Sequence <= high), eventTypes).CountAsync(cancellation);
        progress.Planned(high, planned);

        try
        {
            await CreateShadowTablesAsync(shadow, cancellation);

            progress.EnterPhase(RebuildPhases.Reading);
            await ReadEverythingAsync(reader, buildSession, shadow, high, eventTypes, streamType, cancellation);
            await ExecuteAsync(shadow, $"create index on {_shadow} (id); analyze {_shadow}; analyze {Versions}", cancellation);

            // Most of what changed meanwhile is caught up without holding any lock...
            progress.EnterPhase(RebuildPhases.CatchingUp);
            var caughtUp = new HashSet<Guid>();
            (high, gaps) = await CatchUpAsync(reader, readSession, buildSession, shadow, high, gaps, eventTypes, caughtUp, cancellation);

            // ...and the rest, which can only be little, inside the swap.
            progress.EnterPhase(RebuildPhases.Swapping);
            var changes = await SwapAsync(reader, readSession, buildSession, shadow, high, gaps, eventTypes, caughtUp, cancellation);
            progress.EnterPhase(RebuildPhases.Done);
            return changes;
        }
        finally
        {
            await DropShadowTablesAsync(shadow);
        }
    }

    /// <summary>The event types to filter on in SQL, or null for every event (then the projection sees them all, as it does inline).</summary>
    private Type[]? SqlEventTypes()
    {
        if (document.EventTypes.Count == 0) return null;
        var known = ((IReadOnlyStoreOptions)store.Options).Events.AllKnownEventTypes().Select(x => x.EventType).ToHashSet();
        // A type Marten does not know by name (e.g. its own Archived marker) cannot be filtered on in SQL: read everything and filter in memory.
        return document.EventTypes.All(known.Contains) ? document.EventTypes.ToArray() : null;
    }

    private static IQueryable<IEvent> OfTypes(IQueryable<IEvent> events, Type[]? types) =>
        types is null ? events : events.Where(e => e.EventTypesAre(types));

    // ---- Reading ----

    private async Task ReadEverythingAsync(
        NpgsqlConnection reader, IQuerySession buildSession, NpgsqlConnection shadow,
        long high, Type[]? eventTypes, string? streamType, CancellationToken cancellation)
    {
        // Stream ids are listed in batches; readers (each with its own session) fetch the events of a batch while the
        // previous batches are folded and copied. Batches are independent, so the order they arrive in does not matter.
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var token = failed.Token;
        var batches = Channel.CreateBounded<Guid[]>(new BoundedChannelOptions(Readers) { SingleWriter = true });
        var read = Channel.CreateBounded<IReadOnlyList<IEvent>>(new BoundedChannelOptions(Readers) { SingleReader = true });
        var lister = Task.Run(async () =>
        {
            try
            {
                var last = Guid.Empty;
                while (await NextStreamsAsync(reader, last, streamType, token) is { Length: > 0 } ids)
                {
                    last = ids[^1];
                    await batches.Writer.WriteAsync(ids, token);
                }
                batches.Writer.Complete();
            }
            catch (Exception e)
            {
                batches.Writer.Complete(e);
            }
        }, token);
        var readers = Enumerable.Range(0, Readers).Select(_ => Task.Run(async () =>
        {
            await using var session = store.QuerySession();
            await foreach (var ids in batches.Reader.ReadAllAsync(token))
            {
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                var events = await OfTypes(session.Events.QueryAllRawEvents().Where(e => e.StreamId.IsOneOf(ids) && e.Sequence <= high), eventTypes)
                    .OrderBy(e => e.StreamId).ThenBy(e => e.Version)
                    .ToListAsync(token);
                progress.Spent(System.Diagnostics.Stopwatch.GetElapsedTime(started), TimeSpan.Zero, TimeSpan.Zero);
                await read.Writer.WriteAsync(events, token);
            }
        }, token)).ToArray();
        var readersDone = Task.WhenAll(readers).ContinueWith(done => read.Writer.Complete(done.Exception?.GetBaseException()), TaskScheduler.Default);

        try
        {
            await foreach (var events in read.Reader.ReadAllAsync(token))
                await FoldAndCopyAsync(buildSession, shadow, events, token);
        }
        catch
        {
            // Stop the readers and the lister, which may be waiting to hand over a batch nobody takes any more.
            await failed.CancelAsync();
            await Task.WhenAll(readers.Append(lister)).ContinueWith(_ => { }, TaskScheduler.Default);
            throw;
        }
        await readersDone;
        await lister;
        await Task.WhenAll(readers);
    }

    private async Task<Guid[]> NextStreamsAsync(NpgsqlConnection reader, Guid after, string? streamType, CancellationToken cancellation)
    {
        var filter = streamType is null ? "" : "and type = @type";
        await using var command = new NpgsqlCommand($"select id from {_streams} where id > @after {filter} order by id limit {StreamsPerBatch}", reader);
        command.Parameters.AddWithValue("after", after);
        if (streamType is not null) command.Parameters.AddWithValue("type", streamType);
        var ids = new List<Guid>(StreamsPerBatch);
        await using var rows = await command.ExecuteReaderAsync(cancellation);
        while (await rows.ReadAsync(cancellation)) ids.Add(rows.GetGuid(0));
        return [.. ids];
    }

    /// <summary>Folds each stream (its events arrive together, in version order) and copies the documents into the shadow tables.</summary>
    private async Task FoldAndCopyAsync(IQuerySession session, NpgsqlConnection shadow, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var documents = new List<TDoc>();
        var versions = new List<(Guid Id, long Version)>();
        var streams = 0;
        for (var start = 0; start < events.Count;)
        {
            var end = start;
            while (end < events.Count && events[end].StreamId == events[start].StreamId) end++;
            var stream = Slice(events, start, end);
            streams++;
            if (stream.Count > 0 && await document.Aggregator.BuildAsync(stream, session, null, cancellation) is { } built)
            {
                documents.Add(built);
                versions.Add((events[start].StreamId, stream[^1].Version));
            }
            start = end;
        }

        var folded = System.Diagnostics.Stopwatch.GetTimestamp();
        if (documents.Count > 0)
        {
            await _loader.LoadIntoTempTableAsync(_tenant, store.Serializer, shadow, documents, cancellation);
            await using var importer = await shadow.BeginBinaryImportAsync($"copy {Versions} (id, version) from stdin (format binary)", cancellation);
            foreach (var (id, version) in versions)
            {
                await importer.StartRowAsync(cancellation);
                await importer.WriteAsync(id, NpgsqlDbType.Uuid, cancellation);
                await importer.WriteAsync(version, NpgsqlDbType.Bigint, cancellation);
            }
            await importer.CompleteAsync(cancellation);
        }
        progress.Spent(TimeSpan.Zero, System.Diagnostics.Stopwatch.GetElapsedTime(started, folded), System.Diagnostics.Stopwatch.GetElapsedTime(folded));
        progress.Processed(events.Count, streams, documents.Count);
    }

    private List<IEvent> Slice(IReadOnlyList<IEvent> events, int start, int end)
    {
        var stream = new List<IEvent>(end - start);
        for (var i = start; i < end; i++)
            if (document.Accepts(events[i])) stream.Add(events[i]);
        return stream;
    }

    // ---- Catching up with what was written during the rebuild ----

    /// <summary>
    /// Rebuilds, from their whole history, the streams that got an event after <paramref name="high"/> or inside one of
    /// <paramref name="gaps"/> (sequence numbers that were not committed when the rebuild looked). Returns the new
    /// high-water mark and the gaps still open below it.
    /// </summary>
    private async Task<(long High, IReadOnlyList<(long First, long Last)> Gaps)> CatchUpAsync(
        NpgsqlConnection reader, IQuerySession readSession, IQuerySession buildSession, NpgsqlConnection shadow,
        long high, IReadOnlyList<(long First, long Last)> gaps, Type[]? eventTypes, HashSet<Guid> caughtUp, CancellationToken cancellation)
    {
        var newHigh = Math.Max(high, await HighestCommittedAsync(reader, cancellation));
        var dirty = await StreamsWrittenSinceAsync(reader, high, newHigh, gaps, cancellation);
        foreach (var batch in dirty.Chunk(StreamsPerBatch))
        {
            var events = await OfTypes(readSession.Events.QueryAllRawEvents().Where(e => e.StreamId.IsOneOf(batch)), eventTypes)
                .OrderBy(e => e.StreamId).ThenBy(e => e.Version)
                .ToListAsync(cancellation);
            await using (var delete = new NpgsqlCommand($"delete from {_shadow} where id = any(@ids); delete from {Versions} where id = any(@ids)", shadow))
            {
                delete.Parameters.AddWithValue("ids", batch);
                await delete.ExecuteNonQueryAsync(cancellation);
            }
            progress.Added(events.Count);
            await FoldAndCopyAsync(buildSession, shadow, events, cancellation);
            caughtUp.UnionWith(batch);
        }

        var floor = gaps.Count == 0 ? high : Math.Min(high, gaps[0].First - 1);
        return (newHigh, await GapsAsync(reader, floor, newHigh, cancellation));
    }

    private async Task<Guid[]> StreamsWrittenSinceAsync(
        NpgsqlConnection reader, long high, long newHigh, IReadOnlyList<(long First, long Last)> gaps, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            $"""
             select stream_id from {_events} where seq_id > @high and seq_id <= @newHigh
             union
             select e.stream_id from {_events} e join unnest(@firsts, @lasts) as g(first, last) on e.seq_id between g.first and g.last
             """, reader);
        command.Parameters.AddWithValue("high", high);
        command.Parameters.AddWithValue("newHigh", newHigh);
        command.Parameters.AddWithValue("firsts", gaps.Select(x => x.First).ToArray());
        command.Parameters.AddWithValue("lasts", gaps.Select(x => x.Last).ToArray());
        var ids = new List<Guid>();
        await using var rows = await command.ExecuteReaderAsync(cancellation);
        while (await rows.ReadAsync(cancellation))
            if (!rows.IsDBNull(0)) ids.Add(rows.GetGuid(0));
        return [.. ids];
    }

    // ---- The swap ----

    private async Task<RebuildChanges> SwapAsync(
        NpgsqlConnection reader, IQuerySession readSession, IQuerySession buildSession, NpgsqlConnection shadow,
        long high, IReadOnlyList<(long First, long Last)> gaps, Type[]? eventTypes, HashSet<Guid> caughtUp, CancellationToken cancellation)
    {
        var columns = await LiveColumnsAsync(shadow, cancellation);
        for (var attempt = 1; ; attempt++)
        {
            await using var transaction = await shadow.BeginTransactionAsync(cancellation);
            try
            {
                // EXCLUSIVE blocks writers of the read model (they wait for the commit) but not its readers.
                await ExecuteAsync(shadow, $"set local lock_timeout = '5s'; lock table {_live} in exclusive mode", cancellation);
                // Every writer that touched the table has committed now; whatever else arrived is caught up under the lock.
                await CatchUpAsync(reader, readSession, buildSession, shadow, high, gaps, eventTypes, caughtUp, cancellation);
                await ExecuteAsync(shadow, $"analyze {_shadow}; analyze {Versions}", cancellation);
                await ExecuteAsync(shadow, SourceView(columns), cancellation);

                var deleted = await ExecuteAsync(shadow, $"delete from {_live} l where not exists (select 1 from {Source} s where s.id = l.id)", cancellation);
                var updated = await ExecuteAsync(shadow, UpdateChanged(columns), cancellation);
                var inserted = await ExecuteAsync(shadow, InsertMissing(columns), cancellation);
                var documents = await ScalarAsync(shadow, $"select count(*) from {Source}", cancellation);
                if (deleted + updated + inserted > 0) await AnnounceChangeAsync(shadow, cancellation);
                await transaction.CommitAsync(cancellation);
                return new RebuildChanges(documents, inserted, updated, deleted, caughtUp.Count);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.LockNotAvailable && attempt < LockAttempts)
            {
                await transaction.RollbackAsync(cancellation);
            }
        }
    }

    /// <summary>
    /// The host's browse cache drops a module's cached answers when a commit touches that module; the swap writes SQL,
    /// not through a Marten session, so it says so itself, on the cache's PostgreSQL channel (the notification is
    /// delivered to every node only if the swap commits). Only a browse module's read model is behind cached answers.
    /// </summary>
    private async Task AnnounceChangeAsync(NpgsqlConnection shadow, CancellationToken cancellation)
    {
        if (document.BrowseModule is not { } module) return;
        await using var command = new NpgsqlCommand("select pg_notify(@channel, @module)", shadow);
        command.Parameters.AddWithValue("channel", BrowseCacheChannel.Name);
        command.Parameters.AddWithValue("module", module.Name);
        await command.ExecuteNonQueryAsync(cancellation);
    }


    private sealed record Column(string Name, string DataType)
    {
        public string Quoted => $"\"{Name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
    }

    private async Task<IReadOnlyList<Column>> LiveColumnsAsync(NpgsqlConnection shadow, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            "select column_name, data_type from information_schema.columns where table_schema = @schema and table_name = @table order by ordinal_position", shadow);
        command.Parameters.AddWithValue("schema", document.Table.Schema);
        command.Parameters.AddWithValue("table", document.Table.Name);
        var columns = new List<Column>();
        await using var rows = await command.ExecuteReaderAsync(cancellation);
        while (await rows.ReadAsync(cancellation)) columns.Add(new Column(rows.GetString(0), rows.GetString(1)));
        if (columns.All(x => x.Name != "id")) throw new InvalidOperationException($"{_live} has no id column.");
        return columns;
    }

    /// <summary>
    /// The rebuilt rows as the live table holds them. With numeric revisions Marten keeps the stream version of the
    /// document in <c>mt_version</c> (the bulk loader does not know it), so it comes from the versions we recorded.
    /// </summary>
    private string SourceView(IReadOnlyList<Column> columns)
    {
        var select = columns.Select(c => c.Name == "mt_version" && NumericVersion(columns) ? "v.version as mt_version" : $"t.{c.Quoted}");
        return $"create or replace temporary view {Source} as select {string.Join(", ", select)} from {_shadow} t join {Versions} v on v.id = t.id";
    }

    private static bool NumericVersion(IReadOnlyList<Column> columns) =>
        columns.Any(c => c.Name == "mt_version" && c.DataType is "bigint" or "integer");

    /// <summary>The columns whose difference means the document changed (not the modification time, nor a random Guid version).</summary>
    private static IEnumerable<Column> Compared(IReadOnlyList<Column> columns) =>
        columns.Where(c => c.Name is not ("id" or "mt_last_modified") && (c.Name != "mt_version" || NumericVersion(columns)));

    private string UpdateChanged(IReadOnlyList<Column> columns)
    {
        var set = string.Join(", ", columns.Where(c => c.Name != "id").Select(c => $"{c.Quoted} = s.{c.Quoted}"));
        var compared = Compared(columns).ToList();
        var differs = compared.Count == 0
            ? "false"
            : $"({string.Join(", ", compared.Select(c => $"l.{c.Quoted}"))}) is distinct from ({string.Join(", ", compared.Select(c => $"s.{c.Quoted}"))})";
        // A one-column row constructor needs the ROW keyword.
        if (compared.Count == 1) differs = $"l.{compared[0].Quoted} is distinct from s.{compared[0].Quoted}";
        return $"update {_live} l set {set} from {Source} s where s.id = l.id and {differs}";
    }

    private string InsertMissing(IReadOnlyList<Column> columns)
    {
        var names = string.Join(", ", columns.Select(c => c.Quoted));
        return $"insert into {_live} ({names}) select {string.Join(", ", columns.Select(c => $"s.{c.Quoted}"))} from {Source} s where not exists (select 1 from {_live} l where l.id = s.id)";
    }

    // ---- Plumbing ----

    private async Task CreateShadowTablesAsync(NpgsqlConnection shadow, CancellationToken cancellation)
    {
        await DropShadowTablesAsync(shadow);
        await ExecuteAsync(shadow, _loader.CreateTempTableForCopying(), cancellation);
        if (await ScalarAsync(shadow, $"select count(*) from pg_class where relname = '{_shadow}' and relpersistence = 't'", cancellation) == 0)
            throw new InvalidOperationException($"Marten's bulk loader did not create the temporary table {_shadow} this rebuild expects.");
        await ExecuteAsync(shadow, $"create temporary table {Versions} (id uuid primary key, version bigint not null)", cancellation);
    }

    private async Task DropShadowTablesAsync(NpgsqlConnection shadow)
    {
        if (shadow.State != System.Data.ConnectionState.Open) return;
        try
        {
            await ExecuteAsync(shadow, $"drop view if exists {Source}; drop table if exists {_shadow}; drop table if exists {Versions}", CancellationToken.None);
        }
        catch (NpgsqlException)
        {
            // The connection is broken; the server dropped its temporary tables with the session.
        }
    }

    private async Task<long> HighestCommittedAsync(NpgsqlConnection connection, CancellationToken cancellation) =>
        await ScalarAsync(connection, $"select coalesce(max(seq_id), 0) from {_events}", cancellation);

    /// <summary>Sequence numbers in (<paramref name="floor"/>, <paramref name="high"/>] that no committed event has, as ranges.</summary>
    private async Task<IReadOnlyList<(long First, long Last)>> GapsAsync(NpgsqlConnection connection, long floor, long high, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            $"""
             select previous + 1, seq_id - 1 from (
               select seq_id, coalesce(lag(seq_id) over (order by seq_id), @floor) as previous
               from {_events} where seq_id > @floor and seq_id <= @high
             ) sequenced where seq_id > previous + 1 order by 1
             """, connection);
        command.Parameters.AddWithValue("floor", floor);
        command.Parameters.AddWithValue("high", high);
        var gaps = new List<(long, long)>();
        await using var rows = await command.ExecuteReaderAsync(cancellation);
        while (await rows.ReadAsync(cancellation)) gaps.Add((rows.GetInt64(0), rows.GetInt64(1)));
        return gaps;
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteNonQueryAsync(cancellation);
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellation), System.Globalization.CultureInfo.InvariantCulture);
    }
}
