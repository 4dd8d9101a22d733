using System.Net;
using Zumodra.BuildingBlocks;
using Zumodra.Projects;

namespace Zumodra.Tests.Projects;

[Collection(ProjectsCollection.Name)]
public sealed class when_awarding_a_project(ProjectsApp app)
{
    [Fact]
    public async Task it_leaves_browsing_and_records_who_won_it()
    {
        var category = ProjectScenarios.Unique("award");
        var published = await app.PublishProject(ProjectScenarios.AProject(category: category));

        var written = await app.ProjectAction(published.Id, "award", new { awardedTo = "  Ada Lovelace " });

        written.ShouldBe(new Written(published.Id, 2));
        (await app.BrowseProject(published.Id)).ShouldBeNull();
        (await app.BrowseProjects($"category={category}")).Total.ShouldBe(0);
        var project = await app.WriteModel(published.Id);
        project.Status.ShouldBe(ProjectStatus.Awarded);
        project.AwardedTo.ShouldBe("Ada Lovelace");
        (await app.Events(published.Id)).Last().ShouldBeOfType<ProjectAwarded>().AwardedTo.ShouldBe("Ada Lovelace");
    }

    [Fact]
    public async Task the_body_is_optional()
    {
        var published = await app.PublishProject();

        var written = await app.ProjectAction(published.Id, "award");

        written.Version.ShouldBe(2);
        (await app.WriteModel(published.Id)).AwardedTo.ShouldBeNull();
    }

    [Fact]
    public async Task awarding_it_again_to_the_same_freelancer_changes_nothing_but_another_is_recorded()
    {
        var published = await app.PublishProject();
        await app.ProjectAction(published.Id, "award", new { awardedTo = "Grace Hopper" });

        (await app.ProjectAction(published.Id, "award", new { awardedTo = "Grace Hopper" })).Version.ShouldBe(2);
        (await app.ProjectAction(published.Id, "award")).Version.ShouldBe(2);
        (await app.ProjectAction(published.Id, "award", new { awardedTo = "Katherine Johnson" })).Version.ShouldBe(3);

        (await app.WriteModel(published.Id)).AwardedTo.ShouldBe("Katherine Johnson");
        (await app.Events(published.Id)).Count.ShouldBe(3);
    }

    [Fact]
    public async Task a_closed_project_can_be_awarded_and_closing_an_awarded_one_changes_nothing()
    {
        var published = await app.PublishProject();
        await app.ProjectAction(published.Id, "close");

        (await app.ProjectAction(published.Id, "award", new { awardedTo = "Linus" })).Version.ShouldBe(3);
        (await app.ProjectAction(published.Id, "close")).Version.ShouldBe(3);

        (await app.WriteModel(published.Id)).Status.ShouldBe(ProjectStatus.Awarded);
    }

    [Fact]
    public async Task reopening_withdraws_the_award_and_publishes_it_anew()
    {
        var published = await app.PublishProject(ProjectScenarios.AProject("Awarded then reopened"));
        var first = (await app.BrowseProject(published.Id))!;
        await app.ProjectAction(published.Id, "award", new { awardedTo = "Barbara Liskov" });

        (await app.ProjectAction(published.Id, "reopen")).Version.ShouldBe(3);

        var item = (await app.BrowseProject(published.Id))!;
        item.Title.ShouldBe("Awarded then reopened");
        item.Version.ShouldBe(3);
        item.PublishedAt.ShouldBeGreaterThan(first.PublishedAt);
        var project = await app.WriteModel(published.Id);
        project.Status.ShouldBe(ProjectStatus.Open);
        project.AwardedTo.ShouldBeNull();
    }

    [Fact]
    public async Task a_stale_version_is_a_409_and_a_bad_body_a_400_and_neither_writes()
    {
        var published = await app.PublishProject();
        await app.EditProject(published.Id, ProjectScenarios.AProject("Edited"));
        var before = await app.EventCount();

        var stale = await app.Problem(HttpStatusCode.Conflict,
            s => s.Post.Json(new { awardedTo = "Someone", version = 1 }).ToUrl($"/api/projects/{published.Id}/award"), app.AdminToken);
        await app.Problem(HttpStatusCode.Conflict, s =>
        {
            s.PostWithoutBody($"/api/projects/{published.Id}/award");
            s.WithRequestHeader("If-Match", "\"1\"");
        }, app.AdminToken);
        var tooLong = await app.Problem(HttpStatusCode.BadRequest,
            s => s.Post.Json(new { awardedTo = new string('a', 201) }).ToUrl($"/api/projects/{published.Id}/award"), app.AdminToken);
        var malformed = await app.Problem(HttpStatusCode.BadRequest,
            s => s.Post.RawJson("""{ "awardedTo": 42 }""").ToUrl($"/api/projects/{published.Id}/award"), app.AdminToken);

        stale.GetProperty("currentVersion").GetInt64().ShouldBe(2);
        tooLong.ErrorFields().ShouldBe(["awardedTo"]);
        malformed.ErrorFields().ShouldBe(["awardedTo"]);
        (await app.EventCount()).ShouldBe(before);
        (await app.BrowseProject(published.Id)).ShouldNotBeNull();
    }
}
