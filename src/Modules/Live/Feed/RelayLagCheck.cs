using Marten;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Zumodra.Live.Feed;

/// <summary>
/// Part of <c>/health/ready</c>: unhealthy once the event store has been more than <see cref="LiveOptions.MaxRelayLag"/>
/// sequence numbers ahead of the last relayed change for longer than <see cref="LiveOptions.MaxRelayLagDuration"/>.
/// </summary>
/// <remarks>
/// Needs no state between probes: the first event committed past <c>relayed + MaxRelayLag</c> has been there since its
/// timestamp, and since the relayed mark only moves forward, the lag has been over the limit all that time. Times are the
/// database's own, so the host's clock does not matter. Some events change no browse item (and so are never relayed),
/// which is why a few behind is fine.
/// </remarks>
internal sealed class RelayLagCheck(IDocumentStore store, IOptions<LiveOptions> options) : IHealthCheck
{
    public const string Name = "live-relay";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellation = default)
    {
        var limits = options.Value;
        var log = store.Options.FindOrResolveDocumentType(typeof(LiveChange)).TableName.QualifiedName;
        var events = $"{store.Options.Events.DatabaseSchemaName}.mt_events";
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        await using var command = new NpgsqlCommand(
            $"""
            with relayed as (select coalesce(max(id), 0) as sequence from {log})
            select relayed.sequence,
                   (select coalesce(max(seq_id), 0) from {events}),
                   coalesce((select extract(epoch from now() - e.timestamp)::float8 from {events} e
                             where e.seq_id > relayed.sequence + $1 order by e.seq_id limit 1), 0)
            from relayed
            """, connection) { Parameters = { new() { Value = limits.MaxRelayLag } } };
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        await reader.ReadAsync(cancellation);
        var (relayed, highest, behindForSeconds) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetDouble(2));
        var lag = Math.Max(0, highest - relayed);
        var data = new Dictionary<string, object> { ["relayed"] = relayed, ["committed"] = highest, ["lag"] = lag };
        if (behindForSeconds > limits.MaxRelayLagDuration.TotalSeconds)
            return new HealthCheckResult(context.Registration.FailureStatus,
                $"The live relay is {lag} events behind the event store (more than {limits.MaxRelayLag} for {behindForSeconds:0} s): "
                + "clients are not told of changes.", data: data);
        return HealthCheckResult.Healthy($"{lag} events behind the event store.", data);
    }
}
