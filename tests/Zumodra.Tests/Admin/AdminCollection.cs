using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Zumodra.Admin.Security;
using Zumodra.Tests.Infrastructure;

namespace Zumodra.Tests.Admin;

public sealed class AdminApp() : AppFixture("admin"), IAsyncLifetime
{
    public const string User = "ops";
    public const string Password = "correct horse battery staple";

    /// <summary>The admin credential of the login form (the repository configures none).</summary>
    protected override void Configure(IServiceCollection services) =>
        services.Configure<AdminOptions>(options =>
        {
            options.User = User;
            options.Password = Password;
        });

    Task IAsyncLifetime.InitializeAsync() => InitializeAsync();

    /// <summary>
    /// After the rebuild test's 100,000 events PostgreSQL's autovacuum may be working in this database, and dropping it
    /// "with (force)" may not end another role's process: wait for it and try again.
    /// </summary>
    async Task IAsyncLifetime.DisposeAsync()
    {
        await Host.DisposeAsync();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await Database.DisposeAsync();
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 30)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class AdminCollection : ICollectionFixture<AdminApp>
{
    public const string Name = "admin";
}
