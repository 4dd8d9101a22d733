using JasperFx.CommandLine;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;
using Zumodra.Host.Infrastructure;

namespace Zumodra.Tests.Infrastructure;

/// <summary>
/// The whole application in memory (Alba over the real ASP.NET Core pipeline) against its own
/// PostgreSQL database. One per test collection; test classes reset the data they need.
/// </summary>
public abstract class AppFixture(string purpose) : IAsyncLifetime
{
    public const string SigningKey = "dGVzdC1zaWduaW5nLWtleS10aGF0LWlzLWxvbmctZW5vdWdoLWZvci1obWFjLXNoYTI1Ng==";

    public IAlbaHost Host { get; private set; } = null!;
    public TestDatabase Database { get; private set; } = null!;

    public string AdminToken => Tokens.Issue();
    public string VisitorToken => Tokens.Issue("visitor", role: "visitor");

    private AdminTokens Tokens => Host.Services.GetRequiredService<AdminTokens>();

    public async Task InitializeAsync()
    {
        JasperFxEnvironment.AutoStartHost = true;
        Database = await TestDatabase.CreateAsync(purpose);
        try
        {
            Host = await StartHost(await HostConnectionStringAsync(Database), Configure);
        }
        catch
        {
            await Database.DisposeAsync();
            throw;
        }
    }

    private static Task<IAlbaHost> StartHost(string connectionString, Action<IServiceCollection> configure) =>
        AlbaHost.For<Program>(builder =>
        {
            builder.UseSetting("ConnectionStrings:Zumodra", connectionString);
            builder.UseSetting("Zumodra:Auth:SigningKey", SigningKey);
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            // Every in-memory request comes from the same unknown address; the limits have tests of their own.
            builder.UseSetting("Zumodra:RateLimiting:Enabled", "false");
            builder.ConfigureServices(services =>
            {
                services.RunWolverineInSoloMode();
                services.DisableAllExternalWolverineTransports();
                configure(services);
            });
        });

    /// <summary>How the application reaches its database (a fixture may put something in between).</summary>
    protected virtual Task<string> HostConnectionStringAsync(TestDatabase database) => Task.FromResult(database.ConnectionString);

    /// <summary>Extra services for a fixture that needs to observe the application.</summary>
    protected virtual void Configure(IServiceCollection services)
    {
    }

    public virtual async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Database.DisposeAsync();
    }
}
