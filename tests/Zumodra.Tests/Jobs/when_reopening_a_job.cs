using Zumodra.Jobs;

namespace Zumodra.Tests.Jobs;

[Collection(JobsCollection.Name)]
public sealed class when_reopening_a_job(JobsApp app)
{
    [Fact]
    public async Task it_comes_back_with_its_details()
    {
        var tag = JobScenarios.NewTag();
        var form = JobScenarios.ATaggedJob(tag, "Returning Engineer");
        var written = await app.PostJob(form);
        await app.JobAction(written.Id, "close");

        var answer = await app.JobAction(written.Id, "reopen");

        answer.Version.ShouldBe(3);
        (await app.BrowseJob(written.Id)).ShouldShow(written.Id, form, version: 3);
        (await app.BrowseJobs($"?search={tag}")).Items.ShouldHaveSingleItem().Id.ShouldBe(written.Id);
        (await app.StreamEventTypes(written.Id)).ShouldBe([typeof(JobPosted), typeof(JobClosed), typeof(JobReopened)]);
    }

    [Fact]
    public async Task it_comes_back_with_the_edits_made_while_closed()
    {
        var oldTag = JobScenarios.NewTag();
        var newTag = JobScenarios.NewTag();
        var written = await app.PostJob(JobScenarios.ATaggedJob(oldTag, "Before Closing"));
        await app.JobAction(written.Id, "close");
        var edit = JobScenarios.ATaggedJob(newTag, "Edited While Closed", "contract") with
        {
            Location = "Vienna, Austria", Latitude = 48.208, Longitude = 16.373, Remote = true, SalaryMin = 10, SalaryMax = 20, Currency = "CHF",
        };
        await app.EditJob(written.Id, edit);

        var answer = await app.JobAction(written.Id, "reopen");

        answer.Version.ShouldBe(4);
        (await app.BrowseJob(written.Id)).ShouldShow(written.Id, edit, version: 4);
        (await app.BrowseJobs($"?search={oldTag}")).Total.ShouldBe(0);
        (await app.BrowseJobs($"?search={newTag}")).Total.ShouldBe(1);
    }

    [Fact]
    public async Task it_goes_back_to_the_top_of_newest()
    {
        var tag = JobScenarios.NewTag();
        var older = await app.PostJob(JobScenarios.ATaggedJob(tag, "Older"));
        var newer = await app.PostJob(JobScenarios.ATaggedJob(tag, "Newer"));
        (await app.BrowseJobs($"?search={tag}")).Items.Select(x => x.Id).ShouldBe([newer.Id, older.Id]);
        var postedBefore = (await app.BrowseJob(older.Id))!.PostedAt;
        await app.JobAction(older.Id, "close");

        await app.JobAction(older.Id, "reopen");

        (await app.BrowseJobs($"?search={tag}")).Items.Select(x => x.Id).ShouldBe([older.Id, newer.Id]);
        var reopened = (await app.BrowseJob(older.Id))!;
        reopened.PostedAt.ShouldBeGreaterThan(postedBefore);
        reopened.UpdatedAt.ShouldBe(reopened.PostedAt);
    }

    [Fact]
    public async Task reopening_an_open_job_changes_nothing()
    {
        var written = await app.PostJob(JobScenarios.AJob("Already Open"));

        var answer = await app.JobAction(written.Id, "reopen");

        answer.Version.ShouldBe(1);
        (await app.StreamVersion(written.Id)).ShouldBe(1);
        (await app.BrowseJob(written.Id))!.Version.ShouldBe(1);
    }
}
