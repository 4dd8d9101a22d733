using System.Net;
using System.Net.Http.Headers;
using System.Text;
using JasperFx.CommandLine;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;
using Zumodra.Host.Infrastructure;
using Zumodra.Tests.Infrastructure;

namespace Zumodra.Tests.Jobs;

/// <summary>
/// The body limit is Kestrel's (1 MB), which Alba's in-memory TestServer does not enforce; so this class runs the
/// application on a real Kestrel socket, against a database of its own.
/// </summary>
[Collection(JobsCollection.Name)]
public sealed class when_a_job_body_is_too_large : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private KestrelApp _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        JasperFxEnvironment.AutoStartHost = true;
        _database = await TestDatabase.CreateAsync("jobsbody");
        _app = new KestrelApp(_database.ConnectionString);
        _app.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _app.StartServer();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        // A loaded machine must not time out the 100-continue wait and start uploading megabytes anyway.
        _client = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromSeconds(30) }) { BaseAddress = new Uri(address) };
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _app.Services.GetRequiredService<AdminTokens>().Issue());
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }

    private async Task<HttpResponseMessage> Send(HttpMethod method, string url, int descriptionLength)
    {
        var body = $$"""{"title":"Huge Engineer","jobType":"full_time","description":"{{new string('d', descriptionLength)}}"}""";
        var request = new HttpRequestMessage(method, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        // Lets Kestrel refuse before the client uploads megabytes it will not read.
        request.Headers.ExpectContinue = true;
        return await _client.SendAsync(request);
    }

    private async Task<int> EventCount()
    {
        await using var session = _app.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.Events.QueryAllRawEvents().CountAsync();
    }

    [Fact]
    public async Task a_10_mb_post_is_a_413_problem_and_writes_nothing()
    {
        var eventsBefore = await EventCount();

        var response = await Send(HttpMethod.Post, "/api/jobs", 10 * 1024 * 1024);

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadAsStringAsync()).ShouldContain("\"status\":413");
        (await EventCount()).ShouldBe(eventsBefore);
    }

    [Fact]
    public async Task a_10_mb_put_is_a_413_and_leaves_the_job_as_it_was()
    {
        var posted = await Send(HttpMethod.Post, "/api/jobs", 10);
        posted.StatusCode.ShouldBe(HttpStatusCode.Created);
        var location = posted.Headers.Location!.ToString();

        var response = await Send(HttpMethod.Put, location, 10 * 1024 * 1024);

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        var job = await _client.GetStringAsync(location);
        job.ShouldContain("\"version\":1");
    }

    [Fact]
    public async Task a_body_just_under_the_limit_is_read_and_validated()
    {
        // 1 MB minus the envelope: readable, so the ordinary validation answers (description is at most 20,000 characters).
        var response = await Send(HttpMethod.Post, "/api/jobs", 1024 * 1024 - 100);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("description");
    }

    private sealed class KestrelApp(string connectionString) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("ConnectionStrings:Zumodra", connectionString);
            builder.UseSetting("Zumodra:Auth:SigningKey", AppFixture.SigningKey);
            builder.ConfigureServices(services =>
            {
                services.RunWolverineInSoloMode();
                services.DisableAllExternalWolverineTransports();
            });
        }
    }
}
