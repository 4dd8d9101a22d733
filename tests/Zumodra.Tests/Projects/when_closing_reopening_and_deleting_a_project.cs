using System.Net;
using Zumodra.BuildingBlocks;
using Zumodra.Projects;

namespace Zumodra.Tests.Projects;

[Collection(ProjectsCollection.Name)]
public sealed class when_closing_reopening_and_deleting_a_project(ProjectsApp app)
{
    [Fact]
    public async Task the_browse_item_follows_each_event()
    {
        var category = ProjectScenarios.Unique("lifecycle");
        var published = await app.PublishProject(ProjectScenarios.AProject("Lifecycle", category));
        async Task<long> Listed() => (await app.BrowseProjects($"category={category}")).Total;
        (await Listed()).ShouldBe(1);

        (await app.ProjectAction(published.Id, "close")).ShouldBe(new Written(published.Id, 2));
        (await app.BrowseProject(published.Id)).ShouldBeNull();
        (await Listed()).ShouldBe(0);

        (await app.ProjectAction(published.Id, "reopen")).ShouldBe(new Written(published.Id, 3));
        var reopened = (await app.BrowseProject(published.Id))!;
        reopened.Title.ShouldBe("Lifecycle");
        reopened.Category.ShouldBe(category);
        reopened.Skills.ShouldBe(["C#", "PostgreSQL"]);
        reopened.Version.ShouldBe(3);
        reopened.PublishedAt.ShouldBe(reopened.UpdatedAt);
        (await Listed()).ShouldBe(1);

        (await app.ProjectAction(published.Id, "delete")).ShouldBe(new Written(published.Id, 4));
        (await app.BrowseProject(published.Id)).ShouldBeNull();
        (await Listed()).ShouldBe(0);

        (await app.Events(published.Id)).Select(e => e.GetType()).ShouldBe(
            [typeof(ProjectPublished), typeof(ProjectClosed), typeof(ProjectReopened), typeof(ProjectDeleted)]);
    }

    [Fact]
    public async Task closing_a_closed_project_or_reopening_an_open_one_changes_nothing()
    {
        var published = await app.PublishProject();

        (await app.ProjectAction(published.Id, "reopen")).Version.ShouldBe(1);
        (await app.ProjectAction(published.Id, "close")).Version.ShouldBe(2);
        (await app.ProjectAction(published.Id, "close")).Version.ShouldBe(2);

        (await app.Events(published.Id)).Count.ShouldBe(2);
    }

    [Theory]
    [InlineData("close")]
    [InlineData("reopen")]
    [InlineData("award")]
    [InlineData("delete")]
    public async Task a_stale_if_match_is_a_409_and_writes_nothing(string action)
    {
        var published = await app.PublishProject();
        await app.EditProject(published.Id, ProjectScenarios.AProject("Edited"));
        if (action == "reopen") await app.ProjectAction(published.Id, "close");
        var before = await app.EventCount();

        await app.Problem(HttpStatusCode.Conflict, s =>
        {
            if (action == "delete") s.Delete.Url($"/api/projects/{published.Id}");
            else s.PostWithoutBody($"/api/projects/{published.Id}/{action}");
            s.WithRequestHeader("If-Match", "\"1\"");
        }, app.AdminToken);

        (await app.EventCount()).ShouldBe(before);
    }

    [Theory]
    [InlineData("close")]
    [InlineData("reopen")]
    [InlineData("award")]
    [InlineData("delete")]
    public async Task the_current_if_match_is_accepted(string action)
    {
        var published = await app.PublishProject();
        if (action == "reopen") await app.ProjectAction(published.Id, "close");
        var version = (await app.WriteModel(published.Id)).Version;

        var result = await app.Host.Scenario(s =>
        {
            if (action == "delete") s.Delete.Url($"/api/projects/{published.Id}");
            else s.PostWithoutBody($"/api/projects/{published.Id}/{action}");
            s.WithRequestHeader("If-Match", $"\"{version}\"");
            s.WithBearerToken(app.AdminToken);
        });

        (await result.ReadAsJsonAsync<Written>())!.Version.ShouldBe(version + 1);
    }

    [Theory]
    [InlineData("close")]
    [InlineData("reopen")]
    [InlineData("award")]
    [InlineData("delete")]
    public async Task an_unknown_or_deleted_project_is_a_404_and_writes_nothing(string action)
    {
        var deleted = await app.PublishProject();
        await app.ProjectAction(deleted.Id, "delete");
        var before = await app.EventCount();

        foreach (var id in new[] { Guid.NewGuid(), deleted.Id })
        {
            await app.Problem(HttpStatusCode.NotFound, s =>
            {
                if (action == "delete") s.Delete.Url($"/api/projects/{id}");
                else s.PostWithoutBody($"/api/projects/{id}/{action}");
            }, app.AdminToken);
        }

        (await app.EventCount()).ShouldBe(before);
        await app.Problem(HttpStatusCode.NotFound, s => s.Get.Url($"/api/projects/{deleted.Id}"));
    }
}
