using System.Net;
using System.Text.Json.Nodes;
using Npgsql;
using Zumodra.Tests.Companies;
using Zumodra.Tests.Infrastructure;
using Zumodra.Tests.Jobs;

namespace Zumodra.Tests.Hardening;

/// <summary>The application for bad-input tests that cross modules: every request is hostile, nothing may be a 5xx or write.</summary>
public sealed class HardeningApp() : AppFixture("hardening")
{
    /// <summary>Every row of the event store, tombstones included (Marten's raw event queries leave those out).</summary>
    public async Task<long> EventRows()
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("select count(*) from zumodra.mt_events", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// Sends a request that must fail with <paramref name="status"/>, and checks it appended nothing to the event store.
    /// </summary>
    public async Task<IScenarioResult> Refused(int status, Action<Scenario> request, bool asAdmin = true)
    {
        var before = await EventRows();
        var result = await Host.Scenario(s =>
        {
            request(s);
            if (asAdmin) s.WithBearerToken(AdminToken);
            s.IgnoreStatusCode();
        });
        var body = await result.ReadAsTextAsync();
        result.Context.Response.StatusCode.ShouldBe(status, $"{result.Context.Request.Method} {result.Context.Request.Path}{result.Context.Request.QueryString}: {body}");
        (await EventRows()).ShouldBe(before, $"{result.Context.Request.Method} {result.Context.Request.Path} wrote events");
        return result;
    }

    /// <summary>A request that must not fail with a 5xx; its status is returned.</summary>
    public async Task<int> NotAServerError(Action<Scenario> request, bool asAdmin = false)
    {
        var result = await Host.Scenario(s =>
        {
            request(s);
            if (asAdmin) s.WithBearerToken(AdminToken);
            s.IgnoreStatusCode();
        });
        var status = result.Context.Response.StatusCode;
        status.ShouldBeLessThan(500, $"{result.Context.Request.Path}{result.Context.Request.QueryString}: {await result.ReadAsTextAsync()}");
        return status;
    }
}

[CollectionDefinition(Name)]
public sealed class HardeningCollection : ICollectionFixture<HardeningApp>
{
    public const string Name = "hardening";
}

/// <summary>Valid bodies for each module's writes, as JSON objects a test can spoil one field at a time.</summary>
public static class Bodies
{
    public static JsonObject Job() => new()
    {
        ["title"] = "Backend Engineer", ["description"] = "Build APIs.", ["companyId"] = Guid.NewGuid().ToString(),
        ["companyName"] = "Acme", ["location"] = "Berlin, Germany", ["latitude"] = 52.52, ["longitude"] = 13.405,
        ["category"] = "Engineering", ["jobType"] = "full_time", ["remote"] = false, ["salaryMin"] = 60000,
        ["salaryMax"] = 80000, ["currency"] = "EUR",
    };

    public static JsonObject Company() => new()
    {
        ["name"] = "Acme Labs", ["industry"] = "Software", ["description"] = "We build things.",
        ["website"] = "https://acme.example", ["size"] = "11-50", ["location"] = "Berlin, Germany",
        ["latitude"] = 52.52, ["longitude"] = 13.405, ["logoUrl"] = "https://acme.example/logo.png",
    };

    public static JsonObject Project() => new()
    {
        ["title"] = "Build a booking API", ["description"] = "An API for bookings.", ["companyId"] = Guid.NewGuid().ToString(),
        ["companyName"] = "Acme", ["category"] = "Software Development", ["skills"] = new JsonArray("C#", "PostgreSQL"),
        ["budgetMin"] = 1000, ["budgetMax"] = 5000, ["currency"] = "EUR", ["location"] = "Berlin, Germany",
        ["latitude"] = 52.52, ["longitude"] = 13.405, ["remote"] = true, ["deadline"] = "2030-09-30T17:00:00Z",
    };

    public static JsonObject Of(string module) => module switch
    {
        "jobs" => Job(),
        "companies" => Company(),
        _ => Project(),
    };

    /// <summary>
    /// Creates an item of <paramref name="module"/> through the API and returns its id, once everything the write caused
    /// has been handled: nothing it sets off may land in the event store while a test counts it.
    /// </summary>
    public static Task<Guid> Create(this AppFixture app, string module) =>
        app.AndWait(async () =>
        {
            var result = await app.Host.Scenario(s =>
            {
                s.Post.Json(Of(module)).ToUrl($"/api/{module}");
                s.WithBearerToken(app.AdminToken);
                s.StatusCodeShouldBe(HttpStatusCode.Created);
            });
            return (await result.ReadJson()).GetProperty("id").GetGuid();
        });
}
