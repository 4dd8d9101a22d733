using System.Net;
using System.Net.Http.Headers;
using JasperFx.CommandLine;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;
using Zumodra.Host.Infrastructure;
using Zumodra.Tests.Live;

namespace Zumodra.Tests.Infrastructure;

/// <summary>
/// The application in this test process, so that a test can add or replace services (a module of its own, a failing
/// matcher), on a real Kestrel socket on loopback and a database of its own. Its client sends an admin's token.
/// </summary>
public sealed class InProcessServer : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;
    private readonly TestDatabase _database;

    private InProcessServer(WebApplicationFactory<Program> factory, TestDatabase database, Uri baseAddress)
    {
        _factory = factory;
        _database = database;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Services.GetRequiredService<AdminTokens>().Issue());
    }

    public Uri BaseAddress { get; }

    /// <summary>Sends an admin's bearer token.</summary>
    public HttpClient Http { get; }

    public IServiceProvider Services => _factory.Services;

    public TestDatabase Database => _database;

    /// <param name="settings">Configuration on top of the test defaults (limits raised for many clients from 127.0.0.1).</param>
    public static async Task<InProcessServer> StartAsync(string purpose, Action<IServiceCollection> configure, IReadOnlyDictionary<string, string>? settings = null)
    {
        JasperFxEnvironment.AutoStartHost = true;
        var database = await TestDatabase.CreateAsync(purpose);
        WebApplicationFactory<Program>? factory = null;
        try
        {
            factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
            {
                builder.UseSetting("ConnectionStrings:Zumodra", database.ConnectionString);
                builder.UseSetting("Zumodra:Auth:SigningKey", AppFixture.SigningKey);
                builder.UseSetting("Logging:LogLevel:Default", "Warning");
                builder.UseSetting("Zumodra:RateLimiting:Enabled", "false");
                builder.UseSetting("Zumodra:Live:MaxConnectionsPerIp", "500");
                builder.UseSetting("Zumodra:Live:MaxConnectionAttemptsPerIpPerMinute", "100000");
                builder.UseSetting("Zumodra:Live:MaxInvocationsPerIpPerMinute", "100000");
                foreach (var (key, value) in settings ?? new Dictionary<string, string>()) builder.UseSetting(key, value);
                builder.ConfigureTestServices(services =>
                {
                    services.RunWolverineInSoloMode();
                    services.DisableAllExternalWolverineTransports();
                    configure(services);
                });
            });
            // Port 0: the system picks a free one as Kestrel binds it (no race with other test runs on the machine).
            factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            factory.StartServer();
            var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            return new InProcessServer(factory, database, new Uri(address));
        }
        catch
        {
            if (factory is not null) await factory.DisposeAsync();
            await database.DisposeAsync();
            throw;
        }
    }

    public Task<LiveProbe> Listen(string query = "") =>
        new LiveProbe(new HubConnectionBuilder()
            .WithUrl(new Uri(BaseAddress, "/hubs/live" + query), options => options.Transports = HttpTransportType.WebSockets)
            .Build()).StartAsync();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _factory.DisposeAsync();
        await _database.DisposeAsync();
    }
}
