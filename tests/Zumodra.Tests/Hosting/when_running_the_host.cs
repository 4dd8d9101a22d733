using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Zumodra.Tests.Jobs;

namespace Zumodra.Tests.Hosting;

[Collection(HostCollection.Name)]
[Trait("Category", "Process")]
public sealed class when_running_the_host(HostApp app)
{
    private async Task<long> OpenJobs() =>
        (await app.Server.Http.GetFromJsonAsync<JsonElement>("/api/jobs?pageSize=1")).GetProperty("total").GetInt64();

    private static bool IsErrorLog(string line) =>
        line.StartsWith("fail:") || line.StartsWith("crit:") || line.Contains("\"LogLevel\":\"Error\"") || line.Contains("\"LogLevel\":\"Critical\"");

    [Fact]
    public async Task starting_it_seeds_nothing_and_the_seed_command_is_idempotent()
    {
        var firstDemoJob = $"/api/jobs/{Zumodra.Jobs.Seeding.JobsDemoData.DemoId(0)}";
        (await app.Server.Http.GetAsync(firstDemoJob)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var before = await OpenJobs();

        // The first seed queues hundreds of live changes; the command still stops cleanly, without waiting out
        // Wolverine's 30 s drain (which says so at Warning level: "Drain at local://live/ timed out after 00:00:30").
        var seeding = await app.Server.RunCommandAsync("seed");
        seeding.ShouldContain(line => line.Contains("JobsDemoData: 300 added"));
        seeding.Where(IsErrorLog).ShouldBeEmpty();
        seeding.ShouldNotContain(line => line.Contains("Drain at") || line.Contains("timed out"));
        (await OpenJobs()).ShouldBe(before + 300);
        (await app.Server.Http.GetAsync(firstDemoJob)).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await app.Server.RunCommandAsync("seed")).ShouldContain(line => line.Contains("JobsDemoData: 0 added"));
        (await OpenJobs()).ShouldBe(before + 300);

        var map = await app.Server.Http.GetFromJsonAsync<JsonElement>("/api/jobs/map");
        map.GetProperty("features").GetArrayLength().ShouldBeGreaterThanOrEqualTo(300);
        var facets = await app.Server.Http.GetFromJsonAsync<JsonElement>("/api/jobs/facets");
        facets.GetProperty("locations").GetArrayLength().ShouldBeGreaterThan(20);
    }

    [Fact]
    public async Task the_admin_token_command_prints_a_token_that_can_post_a_job()
    {
        var token = (await app.Server.RunCommandAsync("admin-token"))[^1];

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/jobs") { Content = JsonContent.Create(JobScenarios.AJob("Token Engineer")) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await app.Server.Http.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var payload = token.Split('.')[1];
        var claims = JsonDocument.Parse(Convert.FromBase64String(payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=').Replace('-', '+').Replace('_', '/'))).RootElement;
        claims.GetProperty("role").GetString().ShouldBe("admin");
        (claims.GetProperty("exp").GetInt64() - claims.GetProperty("nbf").GetInt64()).ShouldBe(3600);
    }

    [Fact]
    public async Task health_answers_when_postgresql_is_reachable_and_openapi_describes_the_api()
    {
        (await app.Server.Http.GetAsync("/health")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var openApi = await app.Server.Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        openApi.GetProperty("paths").TryGetProperty("/api/jobs", out _).ShouldBeTrue();
    }
}
