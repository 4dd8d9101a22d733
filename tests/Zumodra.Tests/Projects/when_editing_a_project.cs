using System.Net;
using Zumodra.Projects;

namespace Zumodra.Tests.Projects;

[Collection(ProjectsCollection.Name)]
public sealed class when_editing_a_project(ProjectsApp app)
{
    [Fact]
    public async Task every_field_is_replaced_and_the_version_moves_on()
    {
        var published = await app.PublishProject();
        var before = (await app.BrowseProject(published.Id))!;
        var edit = new ProjectForm("Mobile app MVP", "Flutter app for bookings.", null, "Blue Harbor", "Mobile Development",
            ["Flutter", "Dart"], 9000, 12000, "USD", "New York, USA", 40.713, -74.006, true, null);

        var written = await app.EditProject(published.Id, edit);

        written.ShouldBe(new Zumodra.BuildingBlocks.Written(published.Id, 2));
        var item = (await app.BrowseProject(published.Id))!;
        item.Title.ShouldBe("Mobile app MVP");
        item.CompanyId.ShouldBeNull();
        item.CompanyName.ShouldBe("Blue Harbor");
        item.Category.ShouldBe("Mobile Development");
        item.Skills.ShouldBe(["Flutter", "Dart"]);
        item.BudgetMin.ShouldBe(9000);
        item.BudgetMax.ShouldBe(12000);
        item.Currency.ShouldBe("USD");
        item.Location.ShouldBe("New York, USA");
        item.Longitude.ShouldBe(-74.006);
        item.Remote.ShouldBeTrue();
        item.Deadline.ShouldBeNull();
        item.Version.ShouldBe(2);
        item.PublishedAt.ShouldBe(before.PublishedAt);
        item.UpdatedAt.ShouldBeGreaterThan(before.UpdatedAt);
        (await app.Events(published.Id)).Last().ShouldBeOfType<ProjectEdited>();
    }

    [Fact]
    public async Task an_edit_that_changes_nothing_appends_nothing()
    {
        var form = ProjectScenarios.AProject();
        var published = await app.PublishProject(form);

        // The same project once tidied: surrounding spaces, a skill repeated in another case.
        var written = await app.EditProject(published.Id, form with { Title = $"  {form.Title} ", Skills = ["C#", "PostgreSQL", "postgresql"] });

        written.ShouldBe(new Zumodra.BuildingBlocks.Written(published.Id, 1));
        (await app.Events(published.Id)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task a_stale_version_in_the_body_is_a_409_and_writes_nothing()
    {
        var published = await app.PublishProject();
        await app.EditProject(published.Id, ProjectScenarios.AProject("Second title"));
        var before = await app.EventCount();

        var problem = await app.Problem(HttpStatusCode.Conflict,
            s => s.Put.Json(ProjectScenarios.AProject("Third title") with { Version = 1 }).ToUrl($"/api/projects/{published.Id}"), app.AdminToken);

        problem.GetProperty("currentVersion").GetInt64().ShouldBe(2);
        (await app.EventCount()).ShouldBe(before);
        (await app.BrowseProject(published.Id))!.Title.ShouldBe("Second title");
    }

    [Fact]
    public async Task the_current_version_in_the_body_or_if_match_is_accepted()
    {
        var published = await app.PublishProject();

        (await app.EditProject(published.Id, ProjectScenarios.AProject("With body version") with { Version = 1 })).Version.ShouldBe(2);
        var result = await app.Host.Scenario(s =>
        {
            s.Put.Json(ProjectScenarios.AProject("With If-Match")).ToUrl($"/api/projects/{published.Id}");
            s.WithRequestHeader("If-Match", "\"2\"");
            s.WithBearerToken(app.AdminToken);
        });
        (await result.ReadAsJsonAsync<Zumodra.BuildingBlocks.Written>())!.Version.ShouldBe(3);
    }

    [Theory]
    [InlineData("\"1\"")]
    [InlineData("W/\"1\"")]
    [InlineData("1")]
    public async Task a_stale_if_match_is_a_409(string ifMatch)
    {
        var published = await app.PublishProject();
        await app.EditProject(published.Id, ProjectScenarios.AProject("Moved on"));

        await app.Problem(HttpStatusCode.Conflict, s =>
        {
            s.Put.Json(ProjectScenarios.AProject("Stale")).ToUrl($"/api/projects/{published.Id}");
            s.WithRequestHeader("If-Match", ifMatch);
        }, app.AdminToken);

        (await app.BrowseProject(published.Id))!.Title.ShouldBe("Moved on");
    }

    [Fact]
    public async Task a_malformed_if_match_is_a_400_naming_it()
    {
        var published = await app.PublishProject();

        var problem = await app.Problem(HttpStatusCode.BadRequest, s =>
        {
            s.Put.Json(ProjectScenarios.AProject("Whatever")).ToUrl($"/api/projects/{published.Id}");
            s.WithRequestHeader("If-Match", "\"one\"");
        }, app.AdminToken);

        problem.ErrorFields().ShouldBe(["If-Match"]);
    }

    [Fact]
    public async Task a_bad_body_is_a_400_naming_the_field_and_writes_nothing()
    {
        var published = await app.PublishProject();
        var before = await app.EventCount();

        var problem = await app.Problem(HttpStatusCode.BadRequest,
            s => s.Put.Json(ProjectScenarios.AProject() with { BudgetMin = 9000, BudgetMax = 100 }).ToUrl($"/api/projects/{published.Id}"), app.AdminToken);
        var malformed = await app.Problem(HttpStatusCode.BadRequest,
            s => s.Put.RawJson("""{ "title": "t", "budgetMax": [1] }""").ToUrl($"/api/projects/{published.Id}"), app.AdminToken);

        problem.ErrorFields().ShouldBe(["budgetMin"]);
        malformed.ErrorFields().ShouldBe(["budgetMax"]);
        (await app.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task an_unknown_or_deleted_project_is_a_404()
    {
        var deleted = await app.PublishProject();
        await app.ProjectAction(deleted.Id, "delete");
        var before = await app.EventCount();

        await app.Problem(HttpStatusCode.NotFound, s => s.Put.Json(ProjectScenarios.AProject()).ToUrl($"/api/projects/{Guid.NewGuid()}"), app.AdminToken);
        await app.Problem(HttpStatusCode.NotFound, s => s.Put.Json(ProjectScenarios.AProject()).ToUrl($"/api/projects/{deleted.Id}"), app.AdminToken);

        (await app.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task an_edit_while_closed_is_browsable_once_it_reopens()
    {
        var published = await app.PublishProject();
        await app.ProjectAction(published.Id, "close");

        (await app.EditProject(published.Id, ProjectScenarios.AProject("Edited while closed"))).Version.ShouldBe(3);
        (await app.BrowseProject(published.Id)).ShouldBeNull();

        await app.ProjectAction(published.Id, "reopen");
        var item = (await app.BrowseProject(published.Id))!;
        item.Title.ShouldBe("Edited while closed");
        item.Version.ShouldBe(4);
    }
}
