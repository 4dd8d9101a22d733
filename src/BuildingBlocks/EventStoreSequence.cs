using Marten;

namespace Zumodra.BuildingBlocks;

public static class EventStoreSequence
{
    /// <summary>
    /// The highest committed event sequence. A page reads it before its data and hands it to the live client,
    /// which subscribes with it as <c>afterSequence</c>, so nothing committed after the render is missed.
    /// (The event sequence's own value would include appends still in flight; the statistics count every row.)
    /// </summary>
    public static async Task<long> HighestCommittedAsync(this IQuerySession session, CancellationToken cancellation)
    {
        var events = $"{session.DocumentStore.Options.Events.DatabaseSchemaName}.mt_events";
        var highest = await session.AdvancedSql.QueryAsync<long>($"select coalesce(max(seq_id), 0) from {events}", cancellation);
        return highest.Count == 0 ? 0 : highest[0];
    }
}
