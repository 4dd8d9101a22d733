using Npgsql;

namespace Zumodra.Tests.Infrastructure;

/// <summary>
/// A database of its own on the shared PostgreSQL server (started by scripts/postgres.sh), so that test
/// collections run in parallel without seeing each other's data. Dropped when the collection ends.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private static readonly string Server = Environment.GetEnvironmentVariable("ZUMODRA_TEST_POSTGRES")
        ?? "Host=127.0.0.1;Port=5432;Username=zumodra;Password=zumodra;SSL Mode=Disable;Database=zumodra";

    // Opening a connection may take 60 s instead of Npgsql's 15: with the suite's parallel hosts on 2 cores, a cluster
    // node timed out opening one (its rebuild then failed with "Failed to connect") while PostgreSQL was healthy.
    private TestDatabase(string name) => ConnectionString = new NpgsqlConnectionStringBuilder(Server) { Database = name, Timeout = 60 }.ConnectionString;

    public string ConnectionString { get; }

    private string Name => new NpgsqlConnectionStringBuilder(ConnectionString).Database!;

    public static async Task<TestDatabase> CreateAsync(string purpose)
    {
        var database = new TestDatabase($"zumodra_test_{purpose}_{Guid.NewGuid():N}"[..50].ToLowerInvariant());
        await using var connection = new NpgsqlConnection(Server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"create database {database.Name}", connection);
        await command.ExecuteNonQueryAsync();
        return database;
    }

    /// <summary>
    /// Renames <paramref name="schema"/>.<paramref name="table"/> away until the result is disposed, so the application
    /// meets a table it cannot reach for a moment (as when the database is briefly unavailable).
    /// </summary>
    public static async Task<IAsyncDisposable> TableAwayAsync(string connectionString, string schema, string table)
    {
        var away = new TableAway(connectionString, schema, table);
        await away.RenameAsync(table, $"{table}_away");
        return away;
    }

    private sealed class TableAway(string connectionString, string schema, string table) : IAsyncDisposable
    {
        public async Task RenameAsync(string from, string to)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var rename = new NpgsqlCommand($"alter table {schema}.{from} rename to {to}", connection);
            await rename.ExecuteNonQueryAsync();
        }

        public async ValueTask DisposeAsync() => await RenameAsync($"{table}_away", table);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(Server);
        await connection.OpenAsync();
        // "with (force)" cannot end a superuser's process, such as an autovacuum worker busy in a large test
        // database (42501); it finishes soon, so try again. Cleanup never fails a test.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var command = new NpgsqlCommand($"drop database if exists {Name} with (force)", connection);
                await command.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.ObjectInUse)
            {
                if (attempt == 10) return;
                await Task.Delay(TimeSpan.FromMilliseconds(500 * attempt));
            }
        }
    }
}
