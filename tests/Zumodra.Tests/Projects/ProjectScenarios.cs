using System.Net;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Zumodra.BuildingBlocks;
using Zumodra.Projects;
using Zumodra.Projects.Browsing;
using Zumodra.Tests.Infrastructure;

namespace Zumodra.Tests.Projects;

/// <summary>Admin and visitor actions on projects, spoken through the real HTTP API.</summary>
public static class ProjectScenarios
{
    public static readonly DateTimeOffset Deadline = new(2026, 9, 30, 17, 0, 0, TimeSpan.Zero);

    public static ProjectForm AProject(string title = "Build a booking API", string category = "Software Development", string[]? skills = null) => new(
        title, "Design and build a REST API in C# for a booking platform.", Guid.NewGuid(), "Acme", category,
        skills ?? ["C#", "PostgreSQL"], 5000, 8000, "EUR", "Berlin, Germany", 52.52, 13.405, false, Deadline);

    public static async Task<Written> PublishProject(this AppFixture app, ProjectForm? form = null)
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Post.Json(form ?? AProject()).ToUrl("/api/projects");
            s.WithBearerToken(app.AdminToken);
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        });
        return (await result.ReadAsJsonAsync<Written>())!;
    }

    public static async Task<Written> EditProject(this AppFixture app, Guid id, ProjectForm form)
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Put.Json(form).ToUrl($"/api/projects/{id}");
            s.WithBearerToken(app.AdminToken);
        });
        return (await result.ReadAsJsonAsync<Written>())!;
    }

    /// <summary><paramref name="action"/> is <c>award</c>, <c>close</c>, <c>reopen</c> or <c>delete</c>.</summary>
    public static async Task<Written> ProjectAction(this AppFixture app, Guid id, string action, object? body = null)
    {
        var result = await app.Host.Scenario(s =>
        {
            if (action == "delete") s.Delete.Url($"/api/projects/{id}");
            else if (body is not null) s.Post.Json(body).ToUrl($"/api/projects/{id}/{action}");
            else s.PostWithoutBody($"/api/projects/{id}/{action}");
            s.WithBearerToken(app.AdminToken);
        });
        return (await result.ReadAsJsonAsync<Written>())!;
    }

    /// <summary>A POST with an empty body, sent as HTTP clients send it: with <c>Content-Length: 0</c>.</summary>
    public static void PostWithoutBody(this Scenario s, string url)
    {
        s.Post.Url(url);
        s.ConfigureHttpContext(context => context.Request.ContentLength = 0);
    }

    public static async Task<ProjectBrowseItem?> BrowseProject(this AppFixture app, Guid id)
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Get.Url($"/api/projects/{id}");
            s.IgnoreStatusCode();
        });
        return result.Context.Response.StatusCode == 200 ? await result.ReadAsJsonAsync<ProjectBrowseItem>() : null;
    }

    public static async Task<BrowsePage<ProjectBrowseItem>> BrowseProjects(this AppFixture app, string query)
    {
        var result = await app.Host.Scenario(s => s.Get.Url("/api/projects?" + query));
        return (await result.ReadAsJsonAsync<BrowsePage<ProjectBrowseItem>>())!;
    }

    /// <summary>Sends a request expected to fail with <paramref name="status"/> and returns its ProblemDetails body.</summary>
    public static async Task<JsonElement> Problem(this AppFixture app, HttpStatusCode status, Action<Scenario> request, string? token = null)
    {
        var result = await app.Host.Scenario(s =>
        {
            request(s);
            if (token is not null) s.WithBearerToken(token);
            s.StatusCodeShouldBe(status);
        });
        result.Context.Response.ContentType.ShouldBe("application/problem+json");
        return await result.ReadAsJsonAsync<JsonElement>();
    }

    /// <summary>The field names a 400 ProblemDetails reports under <c>errors</c>.</summary>
    public static string[] ErrorFields(this JsonElement problem) =>
        [.. problem.GetProperty("errors").EnumerateObject().Select(x => x.Name)];

    /// <summary>Every event in the store, to prove that a refused request wrote nothing.</summary>
    public static async Task<long> EventCount(this AppFixture app)
    {
        await using var session = app.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.Events.QueryAllRawEvents().LongCountAsync();
    }

    public static async Task<Project> WriteModel(this AppFixture app, Guid id)
    {
        await using var session = app.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return (await session.Events.AggregateStreamAsync<Project>(id))!;
    }

    public static async Task<IReadOnlyList<object>> Events(this AppFixture app, Guid id)
    {
        await using var session = app.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return [.. (await session.Events.FetchStreamAsync(id)).Select(e => e.Data)];
    }

    /// <summary>A word no other test uses, to keep a test's filters to its own projects.</summary>
    public static string Unique(string prefix) => $"{prefix}{Guid.NewGuid():N}"[..(prefix.Length + 12)];
}
