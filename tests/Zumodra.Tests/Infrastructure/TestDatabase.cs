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

    private TestDatabase(string name) => ConnectionString = new NpgsqlConnectionStringBuilder(Server) { Database = name }.ConnectionString;

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
