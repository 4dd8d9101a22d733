using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Zumodra.Tests.Infrastructure;
using Zumodra.Tests.Jobs;

namespace Zumodra.Tests.Hosting;

/// <summary>The application reaches its database through a proxy that the tests can cut, as when PostgreSQL goes down.</summary>
public sealed class OutageApp() : AppFixture("outage")
{
    public PostgresProxy Proxy { get; private set; } = null!;

    protected override async Task<string> HostConnectionStringAsync(TestDatabase database)
    {
        Proxy = await PostgresProxy.StartAsync(database.ConnectionString);
        return Proxy.Through(database.ConnectionString);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Proxy.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class OutageCollection : ICollectionFixture<OutageApp>
{
    public const string Name = "outage";
}

[Collection(OutageCollection.Name)]
public sealed class when_postgresql_is_unreachable(OutageApp app)
{
    private readonly HttpClient _http = app.Host.Server.CreateClient();

    [Fact]
    public async Task reads_and_writes_answer_503_with_retry_after_write_nothing_and_recover_without_a_restart()
    {
        var posted = await Created(await Send(HttpMethod.Post, "/api/jobs", JobScenarios.AJob("Before the outage")));
        var events = await EventCount();

        app.Proxy.Cut();
        try
        {
            var clock = Stopwatch.StartNew();
            (HttpMethod, string, object?)[] requests =
            [
                (HttpMethod.Get, $"/api/jobs?search=outage{Guid.NewGuid():N}", null),
                (HttpMethod.Get, $"/api/jobs/{posted}", null),
                (HttpMethod.Get, $"/api/companies?search=outage{Guid.NewGuid():N}", null),
                (HttpMethod.Get, $"/jobs?search=outage{Guid.NewGuid():N}", null),
                (HttpMethod.Get, "/api/admin/events", null),
                (HttpMethod.Post, "/api/jobs", JobScenarios.AJob("During the outage")),
                (HttpMethod.Put, $"/api/jobs/{posted}", JobScenarios.AJob("Edited during the outage")),
                (HttpMethod.Post, $"/api/jobs/{posted}/close", null),
                (HttpMethod.Post, "/api/projects", new { title = "During the outage" }),
            ];
            foreach (var (method, path, body) in requests)
            {
                var response = await Send(method, path, body);
                var text = await response.Content.ReadAsStringAsync();
                response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable, $"{method} {path}: {text}");
                response.Headers.RetryAfter.ShouldNotBeNull($"{method} {path}");
                response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", $"{method} {path}");
                JsonDocument.Parse(text).RootElement.GetProperty("status").GetInt32().ShouldBe(503);
            }
            (await _http.GetAsync("/health")).StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            // Marten retries a failed command a few times first; an outage answer still comes in seconds, not a timeout.
            clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(60));
        }
        finally
        {
            app.Proxy.Restore();
        }

        (await EventCount()).ShouldBe(events);
        // No restart: the next requests find the database again.
        (await Send(HttpMethod.Get, $"/api/jobs/{posted}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var after = await Created(await Send(HttpMethod.Post, "/api/jobs", JobScenarios.AJob("After the outage")));
        (await Send(HttpMethod.Get, $"/api/jobs/{after}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _http.GetAsync("/health")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ready_answers_503_naming_postgresql_while_live_still_answers_200()
    {
        var ready = await Health("/health/ready", HttpStatusCode.OK);
        ready.GetProperty("status").GetString().ShouldBe("Healthy");
        ready.GetProperty("checks").EnumerateObject().Select(x => x.Name).ShouldBe(["postgresql", "live-relay"], ignoreOrder: true);
        ready.GetProperty("checks").GetProperty("live-relay").GetProperty("description").GetString().ShouldNotBeNull();

        app.Proxy.Cut();
        try
        {
            var failing = await Health("/health/ready", HttpStatusCode.ServiceUnavailable);
            failing.GetProperty("status").GetString().ShouldBe("Unhealthy");
            var postgresql = failing.GetProperty("checks").GetProperty("postgresql");
            postgresql.GetProperty("status").GetString().ShouldBe("Unhealthy");
            postgresql.GetProperty("description").GetString().ShouldNotBeNullOrWhiteSpace();
            (await Health("/health/live", HttpStatusCode.OK)).GetProperty("status").GetString().ShouldBe("Healthy");
        }
        finally
        {
            app.Proxy.Restore();
        }

        await Health("/health/ready", HttpStatusCode.OK);
    }

    private async Task<JsonElement> Health(string path, HttpStatusCode expected)
    {
        var response = await _http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, text);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/json");
        return JsonDocument.Parse(text).RootElement;
    }

    [Fact]
    public async Task a_real_bug_in_a_query_is_still_a_500_not_an_outage()
    {
        await using var connection = new NpgsqlConnection(app.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select no_such_column from zumodra.mt_events", connection);
        var bug = await Should.ThrowAsync<PostgresException>(() => command.ExecuteScalarAsync());

        Zumodra.Host.Infrastructure.DatabaseOutages.IsUnreachable(new InvalidOperationException("wrapped", bug)).ShouldBeFalse();
        Zumodra.Host.Infrastructure.DatabaseOutages.IsUnreachable(new InvalidOperationException("wrapped", new PostgresException("", "FATAL", "FATAL", PostgresErrorCodes.AdminShutdown))).ShouldBeTrue();
    }

    private async Task<HttpResponseMessage> Send(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", app.AdminToken);
        if (body is not null) request.Content = JsonContent.Create(body);
        return await _http.SendAsync(request);
    }

    private static async Task<Guid> Created(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private async Task<long> EventCount()
    {
        await using var connection = new NpgsqlConnection(app.Database.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("select count(*) from zumodra.mt_events", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
