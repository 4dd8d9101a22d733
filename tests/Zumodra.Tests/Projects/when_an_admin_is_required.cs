using System.Net;

namespace Zumodra.Tests.Projects;

[Collection(ProjectsCollection.Name)]
public sealed class when_an_admin_is_required(ProjectsApp app)
{
    public static TheoryData<string, string> Writes => new()
    {
        { "POST", "/api/projects" },
        { "PUT", "/api/projects/{id}" },
        { "POST", "/api/projects/{id}/award" },
        { "POST", "/api/projects/{id}/close" },
        { "POST", "/api/projects/{id}/reopen" },
        { "DELETE", "/api/projects/{id}" },
    };

    /// <summary>The request's URL, against a project in a state where the write would succeed.</summary>
    private async Task<string> Target(string path)
    {
        var existing = await app.PublishProject();
        if (path.EndsWith("/reopen", StringComparison.Ordinal)) await app.ProjectAction(existing.Id, "close");
        return path.Replace("{id}", existing.Id.ToString());
    }

    private Task<IScenarioResult> Send(string method, string url, string? token, HttpStatusCode expected) =>
        app.Host.Scenario(s =>
        {
            switch (method)
            {
                case "POST" when url == "/api/projects": s.Post.Json(ProjectScenarios.AProject()).ToUrl(url); break;
                case "POST": s.PostWithoutBody(url); break;
                case "PUT": s.Put.Json(ProjectScenarios.AProject("Changed by")).ToUrl(url); break;
                default: s.Delete.Url(url); break;
            }
            if (token is not null) s.WithBearerToken(token);
            s.StatusCodeShouldBe(expected);
        });

    [Theory, MemberData(nameof(Writes))]
    public async Task without_a_token_it_is_a_401_and_writes_nothing(string method, string path)
    {
        var url = await Target(path);
        var before = await app.EventCount();

        await Send(method, url, null, HttpStatusCode.Unauthorized);

        (await app.EventCount()).ShouldBe(before);
    }

    [Theory, MemberData(nameof(Writes))]
    public async Task with_another_role_it_is_a_403_and_writes_nothing(string method, string path)
    {
        var url = await Target(path);
        var before = await app.EventCount();

        await Send(method, url, app.VisitorToken, HttpStatusCode.Forbidden);

        (await app.EventCount()).ShouldBe(before);
    }

    [Theory, MemberData(nameof(Writes))]
    public async Task with_an_admin_token_it_succeeds(string method, string path)
    {
        var url = await Target(path);
        var before = await app.EventCount();

        var result = await Send(method, url, app.AdminToken, path == "/api/projects" ? HttpStatusCode.Created : HttpStatusCode.OK);

        (await result.ReadAsJsonAsync<Zumodra.BuildingBlocks.Written>())!.Version.ShouldBeGreaterThan(0);
        (await app.EventCount()).ShouldBe(before + 1);
    }

    [Fact]
    public async Task a_token_signed_with_another_key_is_a_401()
    {
        var foreign = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhZG1pbiIsInJvbGUiOiJhZG1pbiJ9.c2lnbmVkLWJ5LXNvbWVvbmUtZWxzZQ";

        await app.Problem(HttpStatusCode.Unauthorized, s => s.Post.Json(ProjectScenarios.AProject()).ToUrl("/api/projects"), foreign);
    }

    [Fact]
    public async Task reading_needs_no_token()
    {
        var published = await app.PublishProject();

        foreach (var url in new[] { "/api/projects", $"/api/projects/{published.Id}", "/api/projects/map", "/api/projects/facets" })
            await app.Host.Scenario(s => s.Get.Url(url));
    }
}
