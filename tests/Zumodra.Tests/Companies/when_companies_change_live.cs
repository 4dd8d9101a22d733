using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Zumodra.BuildingBlocks;
using Zumodra.Companies;
using Zumodra.Tests.Infrastructure;
using Zumodra.Tests.Jobs;
using Zumodra.Tests.Live;

namespace Zumodra.Tests.Companies;

/// <summary>The real host process, as visitors see it: company changes on <c>companies</c>, renames reaching <c>jobs</c>.</summary>
public sealed class CompaniesLiveApp : IAsyncLifetime
{
    public LiveServer Server { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Server = await LiveServer.StartAsync("companieslive", new() { ["Zumodra:Live:MaxConnectionsPerIp"] = "50" });

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class CompaniesLiveCollection : ICollectionFixture<CompaniesLiveApp>
{
    public const string Name = "companies-live";
}

[Collection(CompaniesLiveCollection.Name)]
[Trait("Category", "Process")]
public sealed class when_companies_change_live(CompaniesLiveApp app)
{
    private LiveServer Server => app.Server;

    [Fact]
    public async Task subscribers_see_companies_created_updated_and_deleted_and_renames_reach_the_jobs_channel()
    {
        await using var companies = await new LiveProbe(Server.Connect("?channel=companies")).StartAsync();
        await using var robotics = await new LiveProbe(Server.Connect("?channel=companies&industry=robotics")).StartAsync();
        await using var jobs = await new LiveProbe(Server.Connect("?channel=jobs")).StartAsync();

        var oldName = CompanyScenarios.Unique("Live");
        var company = await Send(HttpMethod.Post, "/api/companies", CompanyScenarios.ACompany(oldName));
        var created = await WaitFor(companies, "company_created", company.Id);
        created.GetProperty("item").GetProperty("name").GetString().ShouldBe(oldName);
        created.GetProperty("item").GetProperty("openJobs").GetInt32().ShouldBe(0);

        var job = await Server.PostJobAsync(CompanyScenarios.AJobAt(company.Id, oldName));
        var counted = await WaitFor(companies, "company_updated", company.Id, x => x.GetProperty("item").GetProperty("openJobs").GetInt32() == 1);
        counted.GetProperty("item").GetProperty("version").GetInt64().ShouldBe(2);
        await WaitFor(jobs, "job_created", job.Id);

        var newName = CompanyScenarios.Unique("Renamed");
        await Send(HttpMethod.Put, $"/api/companies/{company.Id}", CompanyScenarios.ACompany(newName) with { Industry = "Robotics" });
        var edited = await WaitFor(companies, "company_updated", company.Id, x => x.GetProperty("item").GetProperty("name").GetString() == newName);
        edited.GetProperty("item").GetProperty("openJobs").GetInt32().ShouldBe(1);
        var jobRenamed = await WaitFor(jobs, "job_updated", job.Id);
        jobRenamed.GetProperty("item").GetProperty("companyName").GetString().ShouldBe(newName);
        jobRenamed.GetProperty("item").GetProperty("version").GetInt64().ShouldBe(2);

        await Send(HttpMethod.Post, $"/api/companies/{company.Id}/verify");
        await WaitFor(companies, "company_updated", company.Id, x => x.GetProperty("item").GetProperty("verified").GetBoolean());

        await Send(HttpMethod.Delete, $"/api/companies/{company.Id}");
        (await WaitFor(companies, "company_deleted", company.Id)).GetProperty("id").GetGuid().ShouldBe(company.Id);

        var mine = companies.Received.Where(x => About(x.Payload) == company.Id).ToList();
        mine.Select(x => x.Method).ShouldBe(["company_created", "company_updated", "company_updated", "company_updated", "company_deleted"]);
        var sequences = mine.Select(x => x.Payload.GetProperty("sequence").GetInt64()).ToList();
        sequences.ShouldBe(sequences.Order().Distinct().ToList());

        // Filtered on "robotics": not shown while in "Software" (an update that does not match reads as a deletion),
        // shown from the edit on.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (robotics.Received.Count(x => About(x.Payload) == company.Id) < 4 && DateTime.UtcNow < deadline) await Task.Delay(20);
        robotics.Received.Where(x => About(x.Payload) == company.Id).Select(x => x.Method)
            .ShouldBe(["company_deleted", "company_updated", "company_updated", "company_deleted"]);
        jobs.Received.ShouldNotContain(x => x.Method.StartsWith("company_"));
    }

    private static Guid About(JsonElement push) =>
        push.TryGetProperty("item", out var item) ? item.GetProperty("id").GetGuid() : push.GetProperty("id").GetGuid();

    /// <summary>Polls the probe (with a deadline) until a push of <paramref name="method"/> about the item arrives.</summary>
    private static async Task<JsonElement> WaitFor(LiveProbe probe, string method, Guid id, Func<JsonElement, bool>? matching = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var push = probe.Received.FirstOrDefault(x => x.Method == method && About(x.Payload) == id && (matching?.Invoke(x.Payload) ?? true));
            if (push.Method is not null) return push.Payload;
            if (DateTime.UtcNow > deadline)
                throw new ShouldAssertException($"No {method} for {id} within 15 s; received: {string.Join(", ", probe.Received.Select(x => x.Method))}");
            await Task.Delay(20);
        }
    }

    private async Task<Written> Send(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Server.AdminToken);
        if (body is not null) request.Content = JsonContent.Create(body);
        var response = await Server.Http.SendAsync(request);
        response.IsSuccessStatusCode.ShouldBeTrue($"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<Written>())!;
    }
}
