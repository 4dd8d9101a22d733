using System.Net;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Zumodra.BuildingBlocks;
using Zumodra.Jobs;
using Zumodra.Jobs.Browsing;
using Zumodra.Tests.Infrastructure;

namespace Zumodra.Tests.Jobs;

/// <summary>Admin and visitor actions on jobs, spoken through the real HTTP API.</summary>
public static class JobScenarios
{
    public static JobForm AJob(string title = "Backend Engineer", string jobType = "full_time") => new(
        title, "Build APIs in C# with a friendly team.", Guid.NewGuid(), "Acme", "Berlin, Germany", 52.52, 13.405,
        "Engineering", jobType, false, 60000, 80000, "EUR");

    public static async Task<Written> PostJob(this AppFixture app, JobForm? form = null)
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Post.Json(form ?? AJob()).ToUrl("/api/jobs");
            s.WithBearerToken(app.AdminToken);
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        });
        return (await result.ReadAsJsonAsync<Written>())!;
    }

    public static async Task<Written> EditJob(this AppFixture app, Guid id, JobForm form)
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Put.Json(form).ToUrl($"/api/jobs/{id}");
            s.WithBearerToken(app.AdminToken);
        });
        return (await result.ReadAsJsonAsync<Written>())!;
    }

    public static async Task<Written> JobAction(this AppFixture app, Guid id, string action)
    {
        var result = await app.Host.Scenario(s =>
        {
            if (action == "delete") s.Delete.Url($"/api/jobs/{id}");
            else s.Post.Url($"/api/jobs/{id}/{action}");
            s.WithBearerToken(app.AdminToken);
        });
        return (await result.ReadAsJsonAsync<Written>())!;
    }

    public static async Task<JobBrowseItem?> BrowseJob(this AppFixture app, Guid id)
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Get.Url($"/api/jobs/{id}");
            s.IgnoreStatusCode();
        });
        return result.Context.Response.StatusCode == 200 ? await result.ReadAsJsonAsync<JobBrowseItem>() : null;
    }

    /// <summary>The browse item shows every field of <paramref name="form"/>, at <paramref name="version"/>.</summary>
    public static void ShouldShow(this JobBrowseItem? item, Guid id, JobForm form, long version)
    {
        item.ShouldNotBeNull();
        item.Id.ShouldBe(id);
        item.Title.ShouldBe(form.Title);
        item.Description.ShouldBe(form.Description);
        item.CompanyId.ShouldBe(form.CompanyId);
        item.CompanyName.ShouldBe(form.CompanyName);
        item.Location.ShouldBe(form.Location);
        item.Latitude.ShouldBe(form.Latitude);
        item.Longitude.ShouldBe(form.Longitude);
        item.Category.ShouldBe(form.Category);
        item.JobType.ShouldBe(form.JobType);
        item.Remote.ShouldBe(form.Remote ?? false);
        item.SalaryMin.ShouldBe(form.SalaryMin);
        item.SalaryMax.ShouldBe(form.SalaryMax);
        item.Currency.ShouldBe(form.Currency);
        item.Version.ShouldBe(version);
    }

    // ---- Unique data, so that tests sharing one database never see each other's jobs ----

    /// <summary>A fresh word of letters only (so full-text search treats it as one plain word), unique per call.</summary>
    public static string NewTag()
    {
        var hex = Guid.NewGuid().ToString("N")[..12];
        return "zq" + new string(hex.Select(c => char.IsAsciiDigit(c) ? (char)('g' + (c - '0')) : c).ToArray());
    }

    /// <summary>A complete job whose title carries <paramref name="tag"/>, so <c>?search={tag}</c> finds exactly the jobs of one test.</summary>
    public static JobForm ATaggedJob(string tag, string title = "Backend Engineer", string jobType = "full_time") =>
        AJob($"{title} {tag}", jobType);

    // ---- Raw HTTP ----

    /// <summary>Sends any request and asserts only its status; the caller inspects the rest.</summary>
    public static Task<IScenarioResult> Send(this AppFixture app, int expectedStatus, Action<Scenario> configure) =>
        app.Host.Scenario(s =>
        {
            configure(s);
            s.StatusCodeShouldBe(expectedStatus);
        });

    public static Task<IScenarioResult> SendAsAdmin(this AppFixture app, int expectedStatus, Action<Scenario> configure) =>
        app.Send(expectedStatus, s =>
        {
            configure(s);
            s.WithBearerToken(app.AdminToken);
        });

    public static async Task<Problem> ReadProblem(this IScenarioResult result)
    {
        result.Context.Response.ContentType.ShouldNotBeNull().ShouldStartWith("application/problem+json");
        using var document = JsonDocument.Parse(await result.ReadAsTextAsync());
        return new Problem(document.RootElement.Clone());
    }

    public static async Task<BrowsePage<JobBrowseItem>> BrowseJobs(this AppFixture app, string query)
    {
        var result = await app.Send(200, s => s.Get.Url("/api/jobs" + query));
        return (await result.ReadAsJsonAsync<BrowsePage<JobBrowseItem>>())!;
    }

    public static async Task<JsonElement> ReadJson(this IScenarioResult result)
    {
        using var document = JsonDocument.Parse(await result.ReadAsTextAsync());
        return document.RootElement.Clone();
    }

    // ---- The event store and read model, read directly through Marten ----

    public static IDocumentStore Store(this AppFixture app) => app.Host.Services.GetRequiredService<IDocumentStore>();

    /// <summary>The stream's version as the event store has it; null when the stream does not exist.</summary>
    public static async Task<long?> StreamVersion(this AppFixture app, Guid id)
    {
        await using var session = app.Store().QuerySession();
        return (await session.Events.FetchStreamStateAsync(id))?.Version;
    }

    public static async Task<IReadOnlyList<Type>> StreamEventTypes(this AppFixture app, Guid id)
    {
        await using var session = app.Store().QuerySession();
        return (await session.Events.FetchStreamAsync(id)).Select(e => e.EventType).ToList();
    }

    /// <summary>Every event in the store: a write that must write nothing leaves this unchanged.</summary>
    public static async Task<int> EventCount(this AppFixture app)
    {
        await using var session = app.Store().QuerySession();
        return await session.Events.QueryAllRawEvents().CountAsync();
    }

    public static async Task<JobBrowseItem?> LoadBrowseItem(this AppFixture app, Guid id)
    {
        await using var session = app.Store().QuerySession();
        return await session.LoadAsync<JobBrowseItem>(id);
    }
}

/// <summary>An RFC 9457 problem as the API wrote it.</summary>
public sealed class Problem(JsonElement body)
{
    public JsonElement Body { get; } = body;

    public int Status => Body.GetProperty("status").GetInt32();

    public string? Title => Body.TryGetProperty("title", out var title) ? title.GetString() : null;

    public string? Detail => Body.TryGetProperty("detail", out var detail) ? detail.GetString() : null;

    /// <summary>The field names of <c>errors</c>, empty when there is none.</summary>
    public IReadOnlyList<string> ErrorFields => Body.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object
        ? errors.EnumerateObject().Select(p => p.Name).ToList()
        : [];

    public string[] ErrorsOf(string field) => Body.GetProperty("errors").GetProperty(field).EnumerateArray().Select(e => e.GetString()!).ToArray();

    public override string ToString() => Body.GetRawText();
}
