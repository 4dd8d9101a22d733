using System.Diagnostics;
using Zumodra.Projects.Browsing;
using Zumodra.Tests.Jobs;
using Zumodra.Tests.Projects;

namespace Zumodra.Tests.Admin;

[Collection(AdminCollection.Name)]
public sealed class when_a_rebuild_repairs_what_visitors_see(AdminApp app)
{
    private async Task<string?> PublicTitle(Guid id)
    {
        var result = await app.Send(200, s => s.Get.Url($"/api/projects/{id}"));
        return (await result.ReadJson()).GetProperty("title").GetString();
    }

    [Fact]
    public async Task the_cached_browse_answers_are_dropped_once_the_swap_commits()
    {
        var project = await app.PublishProject(ProjectScenarios.AProject("Repair the cache"));
        var table = app.TableOf<ProjectBrowseItem>();
        await app.Sql($"update {table} set data = jsonb_set(data, '{{Title}}', '\"damaged\"') where id = '{project.Id}'");
        // Wait until visitors get the damaged item (the browse cache may hold the earlier answer for a moment).
        var clock = Stopwatch.StartNew();
        while (await PublicTitle(project.Id) != "damaged" && clock.Elapsed < TimeSpan.FromSeconds(20)) await Task.Delay(100);
        (await PublicTitle(project.Id)).ShouldBe("damaged");

        var status = await app.Rebuild(nameof(ProjectBrowseItem));
        status.GetProperty("state").GetString().ShouldBe("completed", status.GetRawText());
        status.GetProperty("changes").GetProperty("updated").GetInt64().ShouldBe(1);

        clock.Restart();
        while (await PublicTitle(project.Id) != "Repair the cache" && clock.Elapsed < TimeSpan.FromSeconds(10)) await Task.Delay(100);
        (await PublicTitle(project.Id)).ShouldBe("Repair the cache");
    }
}
