using Marten;
using Microsoft.Extensions.DependencyInjection;
using Marten.Services;
using Npgsql;
using Zumodra.Tests.Infrastructure;

namespace Zumodra.Tests.Caching;

/// <summary>The application with a Marten logger that counts the SQL commands reading the jobs browse table.</summary>
public sealed class CachingApp() : AppFixture("caching")
{
    public BrowseQueryCounter Queries { get; } = new();

    protected override void Configure(IServiceCollection services) =>
        services.ConfigureMarten(opts => opts.Logger(Queries));
}

public sealed class BrowseQueryCounter : IMartenLogger, IMartenSessionLogger
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public IMartenSessionLogger StartSession(IQuerySession session) => this;

    public void SchemaChange(string sql) { }

    public void LogSuccess(NpgsqlCommand command) => Observe(command.CommandText);

    public void LogFailure(NpgsqlCommand command, Exception ex) => Observe(command.CommandText);

    public void LogSuccess(NpgsqlBatch batch)
    {
        foreach (var command in batch.BatchCommands) Observe(command.CommandText);
    }

    public void LogFailure(NpgsqlBatch batch, Exception ex) => LogSuccess(batch);

    public void LogFailure(Exception ex, string message) { }

    public void RecordSavedChanges(IDocumentSession session, IChangeSet commit) { }

    public void OnBeforeExecute(NpgsqlCommand command) { }

    public void OnBeforeExecute(NpgsqlBatch batch) { }

    private void Observe(string sql)
    {
        if (sql.Contains("from jobs.mt_doc_jobbrowseitem", StringComparison.OrdinalIgnoreCase)) Interlocked.Increment(ref _count);
    }
}

[CollectionDefinition(Name)]
public sealed class CachingCollection : ICollectionFixture<CachingApp>
{
    public const string Name = "caching";
}
