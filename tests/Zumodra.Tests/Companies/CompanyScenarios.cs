using System.Net;
using Marten;
using Wolverine.Tracking;
using Zumodra.BuildingBlocks;
using Zumodra.Companies;
using Zumodra.Companies.Browsing;
using Zumodra.Jobs;
using Zumodra.Tests.Infrastructure;
using Zumodra.Tests.Jobs;

namespace Zumodra.Tests.Companies;

/// <summary>Admin and visitor actions on companies, spoken through the real HTTP API.</summary>
public static class CompanyScenarios
{
    /// <summary>A word no other test uses, so that tests sharing a database never see each other's companies.</summary>
    public static string Unique(string prefix = "Co") => $"{prefix}{Guid.NewGuid().ToString("N")[..10]}";

    public static CompanyForm ACompany(string name = "Acme Labs") => new(
        name, "Software", "Developer tools and APIs for busy engineering teams.", "https://acme.example.com", "51-200",
        "Berlin, Germany", 52.52, 13.405, "https://acme.example.com/logo.png");

    public static async Task<Written> RegisterCompany(this AppFixture app, CompanyForm? form = null)
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Post.Json(form ?? ACompany()).ToUrl("/api/companies");
            s.WithBearerToken(app.AdminToken);
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        });
        return (await result.ReadAsJsonAsync<Written>())!;
    }

    public static async Task<Written> EditCompany(this AppFixture app, Guid id, CompanyForm form)
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Put.Json(form).ToUrl($"/api/companies/{id}");
            s.WithBearerToken(app.AdminToken);
        });
        return (await result.ReadAsJsonAsync<Written>())!;
    }

    /// <summary><c>verify</c> or <c>delete</c>.</summary>
    public static async Task<Written> CompanyAction(this AppFixture app, Guid id, string action)
    {
        var result = await app.Host.Scenario(s =>
        {
            if (action == "delete") s.Delete.Url($"/api/companies/{id}");
            else s.Post.Url($"/api/companies/{id}/{action}");
            s.WithBearerToken(app.AdminToken);
        });
        return (await result.ReadAsJsonAsync<Written>())!;
    }

    /// <summary>
    /// Sends <paramref name="image"/> as the company's logo (the raw body; with <paramref name="contentType"/> if given) as
    /// admin, expecting <paramref name="status"/>.
    /// </summary>
    public static Task<IScenarioResult> UploadLogo(this AppFixture app, Guid id, byte[] image, string? contentType = null, int status = 200) =>
        app.Host.Scenario(s =>
        {
            s.Put.ByteArray(image).ToUrl($"/api/companies/{id}/logo");
            if (contentType is not null) s.WithRequestHeader("Content-Type", contentType);
            s.WithBearerToken(app.AdminToken);
            s.StatusCodeShouldBe(status);
        });

    /// <summary>How many logos are stored, straight from the document store.</summary>
    public static async Task<int> StoredLogos(this AppFixture app)
    {
        await using var session = app.Host.DocumentStore().QuerySession();
        return await session.Query<CompanyLogo>().CountAsync();
    }

    public static async Task<CompanyBrowseItem?> BrowseCompany(this AppFixture app, Guid id)
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Get.Url($"/api/companies/{id}");
            s.IgnoreStatusCode();
        });
        return result.Context.Response.StatusCode == 200 ? await result.ReadAsJsonAsync<CompanyBrowseItem>() : null;
    }

    public static async Task<BrowsePage<CompanyBrowseItem>> BrowseCompanies(this AppFixture app, string query)
    {
        var result = await app.Host.Scenario(s => s.Get.Url($"/api/companies?{query}"));
        return (await result.ReadAsJsonAsync<BrowsePage<CompanyBrowseItem>>())!;
    }

    /// <summary>
    /// Runs <paramref name="action"/> and waits until every message it caused (the relay to the live feed, the
    /// other module's reaction, and what that caused in turn) was handled, failing on any handler error.
    /// </summary>
    public static async Task<T> AndWait<T>(this AppFixture app, Func<Task<T>> action)
    {
        T result = default!;
        await app.Host.TrackActivity().Timeout(TimeSpan.FromSeconds(30))
            .ExecuteAndWaitAsync((Func<Wolverine.IMessageContext, Task>)(async _ => result = await action()));
        return result;
    }

    public static Task<Written> PostJobAndWait(this AppFixture app, JobForm form) => app.AndWait(() => app.PostJob(form));

    public static Task<Written> JobActionAndWait(this AppFixture app, Guid id, string action) => app.AndWait(() => app.JobAction(id, action));

    public static JobForm AJobAt(Guid companyId, string companyName, string title = "Backend Engineer") =>
        JobScenarios.AJob(title) with { CompanyId = companyId, CompanyName = companyName };

    /// <summary>How many events the company's stream holds, straight from the event store.</summary>
    public static async Task<long> StreamVersion(this AppFixture app, Guid id)
    {
        await using var session = app.Host.DocumentStore().QuerySession();
        return (await session.Events.FetchStreamStateAsync(id))?.Version ?? 0;
    }

    /// <summary>How many companies were ever registered, straight from the event store.</summary>
    public static async Task<int> RegisteredCompanies(this AppFixture app)
    {
        await using var session = app.Host.DocumentStore().QuerySession();
        return await session.Events.QueryRawEventDataOnly<CompanyRegistered>().CountAsync();
    }
}
