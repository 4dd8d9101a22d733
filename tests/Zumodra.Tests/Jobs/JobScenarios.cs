using System.Net;
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
}
