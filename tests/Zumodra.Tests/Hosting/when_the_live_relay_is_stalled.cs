using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Zumodra.Live;
using Zumodra.Live.Feed;
using Zumodra.Tests.Infrastructure;
using Zumodra.Tests.Jobs;

namespace Zumodra.Tests.Hosting;

/// <summary>A relay allowed no lag at all for more than a second, so that a stall shows quickly.</summary>
public sealed class RelayLagApp() : AppFixture("relaylag")
{
    protected override void Configure(IServiceCollection services) =>
        services.PostConfigure<LiveOptions>(options =>
        {
            options.MaxRelayLag = 0;
            options.MaxRelayLagDuration = TimeSpan.FromSeconds(1);
        });
}

[CollectionDefinition(Name)]
public sealed class RelayLagCollection : ICollectionFixture<RelayLagApp>
{
    public const string Name = "relaylag";
}

/// <summary>
/// The relay is stalled for real: the test holds the lock under which it records changes, so committed events pile up
/// unrelayed in the durable inbox, until the lock is let go.
/// </summary>
[Collection(RelayLagCollection.Name)]
public sealed class when_the_live_relay_is_stalled(RelayLagApp app)
{
    private readonly HttpClient _http = app.Host.Server.CreateClient();

    [Fact]
    public async Task ready_answers_503_naming_the_live_relay_and_200_again_once_it_has_caught_up()
    {
        await app.PostJob();
        await ReadyBecomes(HttpStatusCode.OK);

        await using var connection = new NpgsqlConnection(app.Database.ConnectionString);
        await connection.OpenAsync();
        await using (var take = new NpgsqlCommand($"select pg_advisory_lock({LiveChangeLog.RecordingLock})", connection))
            await take.ExecuteNonQueryAsync();
        JsonElement stalled;
        try
        {
            for (var i = 0; i < 3; i++) await app.PostJob(JobScenarios.AJob($"Unrelayed {i}"));
            stalled = await ReadyBecomes(HttpStatusCode.ServiceUnavailable);
        }
        finally
        {
            await using var release = new NpgsqlCommand($"select pg_advisory_unlock({LiveChangeLog.RecordingLock})", connection);
            await release.ExecuteNonQueryAsync();
        }

        var relay = stalled.GetProperty("checks").GetProperty(RelayLagCheck.Name);
        relay.GetProperty("status").GetString().ShouldBe("Unhealthy");
        relay.GetProperty("description").GetString()!.ShouldContain("events behind the event store");
        stalled.GetProperty("checks").GetProperty("postgresql").GetProperty("status").GetString().ShouldBe("Healthy");
        await ReadyBecomes(HttpStatusCode.OK);
    }

    /// <summary>Probes <c>/health/ready</c> as a load balancer would until it answers <paramref name="status"/>.</summary>
    private async Task<JsonElement> ReadyBecomes(HttpStatusCode status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var response = await _http.GetAsync("/health/ready");
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == status) return JsonDocument.Parse(body).RootElement;
            if (DateTime.UtcNow > deadline) throw new ShouldAssertException($"/health/ready stayed {(int)response.StatusCode}: {body}");
            await Task.Delay(200);
        }
    }
}
