using Zumodra.Jobs;
using Zumodra.Jobs.Browsing;

namespace Zumodra.Tests.Jobs;

[Collection(JobsCollection.Name)]
public sealed class when_editing_a_job(JobsApp app)
{
    [Fact]
    public async Task the_version_increments_and_browsing_shows_the_new_fields()
    {
        var tag = JobScenarios.NewTag();
        var written = await app.PostJob(JobScenarios.ATaggedJob(tag, "Junior Engineer"));
        var edit = new JobForm($"Senior Engineer {tag}", "Now leading the team.", Guid.NewGuid(), "Initech", $"Oslo {tag}", 59.913, 10.752,
            "Leadership", "part_time", true, 90_000, 110_000, "NOK");

        var result = await app.SendAsAdmin(200, s => s.Put.Json(edit).ToUrl($"/api/jobs/{written.Id}"));

        var answer = (await result.ReadAsJsonAsync<Zumodra.BuildingBlocks.Written>())!;
        answer.Id.ShouldBe(written.Id);
        answer.Version.ShouldBe(2);
        (await app.StreamVersion(written.Id)).ShouldBe(2);

        var page = await app.BrowseJobs($"?search={tag}");
        var item = page.Items.ShouldHaveSingleItem();
        item.Id.ShouldBe(written.Id);
        item.Title.ShouldBe($"Senior Engineer {tag}");
        item.Description.ShouldBe("Now leading the team.");
        item.CompanyId.ShouldBe(edit.CompanyId);
        item.CompanyName.ShouldBe("Initech");
        item.Location.ShouldBe($"Oslo {tag}");
        item.Latitude.ShouldBe(59.913);
        item.Longitude.ShouldBe(10.752);
        item.Category.ShouldBe("Leadership");
        item.JobType.ShouldBe("part_time");
        item.Remote.ShouldBeTrue();
        item.SalaryMin.ShouldBe(90_000);
        item.SalaryMax.ShouldBe(110_000);
        item.Currency.ShouldBe("NOK");
        item.Version.ShouldBe(2);
        item.UpdatedAt.ShouldBeGreaterThan(item.PostedAt);
    }

    [Fact]
    public async Task the_old_title_no_longer_finds_it()
    {
        var oldTag = JobScenarios.NewTag();
        var newTag = JobScenarios.NewTag();
        var written = await app.PostJob(JobScenarios.ATaggedJob(oldTag));

        await app.EditJob(written.Id, JobScenarios.ATaggedJob(newTag));

        (await app.BrowseJobs($"?search={oldTag}")).Total.ShouldBe(0);
        (await app.BrowseJobs($"?search={newTag}")).Items.ShouldHaveSingleItem().Id.ShouldBe(written.Id);
    }

    [Fact]
    public async Task each_edit_increments_the_version_once()
    {
        var written = await app.PostJob(JobScenarios.AJob("Edited Thrice"));

        var versions = new List<long>();
        foreach (var title in new[] { "Edit A", "Edit B", "Edit C" })
            versions.Add((await app.EditJob(written.Id, JobScenarios.AJob(title))).Version);

        versions.ShouldBe([2, 3, 4]);
        (await app.StreamEventTypes(written.Id)).ShouldBe([typeof(JobPosted), typeof(JobEdited), typeof(JobEdited), typeof(JobEdited)]);
        (await app.BrowseJob(written.Id))!.Title.ShouldBe("Edit C");
    }

    [Fact]
    public async Task an_edit_that_changes_nothing_appends_nothing()
    {
        var form = JobScenarios.AJob("Unchanged Engineer");
        var written = await app.PostJob(form);

        var answer = await app.EditJob(written.Id, form);

        answer.Version.ShouldBe(1);
        (await app.StreamVersion(written.Id)).ShouldBe(1);
        (await app.BrowseJob(written.Id))!.UpdatedAt.ShouldBe((await app.BrowseJob(written.Id))!.PostedAt);
    }

    [Fact]
    public async Task clearing_optional_fields_removes_them()
    {
        var written = await app.PostJob(JobScenarios.AJob("Clearable Engineer"));

        await app.EditJob(written.Id, new JobForm("Clearable Engineer", null, null, null, null, null, null, null, "full_time", null, null, null, null));

        var item = (await app.LoadBrowseItem(written.Id))!;
        item.Description.ShouldBeNull();
        item.CompanyId.ShouldBeNull();
        item.CompanyName.ShouldBeNull();
        item.Location.ShouldBeNull();
        item.Latitude.ShouldBeNull();
        item.Longitude.ShouldBeNull();
        item.Category.ShouldBeNull();
        item.Remote.ShouldBeFalse();
        item.SalaryMin.ShouldBeNull();
        item.SalaryMax.ShouldBeNull();
        item.Currency.ShouldBeNull();
    }

    [Fact]
    public async Task a_closed_job_can_be_edited_but_stays_hidden()
    {
        var written = await app.PostJob(JobScenarios.AJob("Closed Then Edited"));
        await app.JobAction(written.Id, "close");

        var answer = await app.EditJob(written.Id, JobScenarios.AJob("Edited While Closed"));

        answer.Version.ShouldBe(3);
        (await app.StreamVersion(written.Id)).ShouldBe(3);
        (await app.BrowseJob(written.Id)).ShouldBeNull();
        (await app.LoadBrowseItem(written.Id)).ShouldBeNull();
    }

    [Fact]
    public async Task the_item_served_by_id_matches_the_document()
    {
        var written = await app.PostJob(JobScenarios.AJob("Consistent Engineer"));
        await app.EditJob(written.Id, JobScenarios.AJob("Consistent Engineer II"));

        var served = (await app.BrowseJob(written.Id))!;
        var stored = (await app.LoadBrowseItem(written.Id))!;

        served.Title.ShouldBe(stored.Title);
        served.Version.ShouldBe(stored.Version);
        served.UpdatedAt.ShouldBe(stored.UpdatedAt);
        served.CompanyId.ShouldBe(stored.CompanyId);
    }
}
