using Zumodra.Jobs;
using Zumodra.Jobs.Browsing;

namespace Zumodra.Tests.Jobs;

/// <summary>The browse document, loaded straight from Marten, after each kind of event.</summary>
[Collection(JobsCollection.Name)]
public sealed class when_projecting_job_events(JobsApp app)
{
    private static readonly JobForm Posted = new("Projected Engineer", "Original description.", Guid.NewGuid(), "Umbrella", "Madrid, Spain",
        40.417, -3.704, "Engineering", "full_time", false, 50_000, 60_000, "EUR");

    private static readonly JobForm Edited = new("Projected Engineer II", "Edited description.", Guid.NewGuid(), "Umbrella Corp", "Barcelona, Spain",
        41.385, 2.173, "Platform", "contract", true, 70_000, 90_000, "USD");

    private static readonly JobForm EditedWhileClosed = new("Projected Engineer III", null, null, null, "Remote", null, null,
        null, "temporary", true, null, 100_000, null);

    [Fact]
    public async Task after_post_the_document_has_every_field_and_version_1()
    {
        var before = DateTimeOffset.UtcNow;
        var written = await app.PostJob(Posted);
        var after = DateTimeOffset.UtcNow;

        var item = await app.LoadBrowseItem(written.Id);

        item.ShouldShow(written.Id, Posted, 1);
        item!.PostedAt.ShouldBeInRange(before, after);
        item.UpdatedAt.ShouldBe(item.PostedAt);
    }

    [Fact]
    public async Task after_edit_the_document_has_the_new_fields_the_same_posted_at_and_a_new_updated_at()
    {
        var written = await app.PostJob(Posted);
        var postedAt = (await app.LoadBrowseItem(written.Id))!.PostedAt;
        var before = DateTimeOffset.UtcNow;

        await app.EditJob(written.Id, Edited);
        var after = DateTimeOffset.UtcNow;

        var item = await app.LoadBrowseItem(written.Id);
        item.ShouldShow(written.Id, Edited, 2);
        item!.PostedAt.ShouldBe(postedAt);
        item.UpdatedAt.ShouldBeInRange(before, after);
    }

    [Fact]
    public async Task after_close_the_document_is_gone()
    {
        var written = await app.PostJob(Posted);

        await app.JobAction(written.Id, "close");

        (await app.LoadBrowseItem(written.Id)).ShouldBeNull();
    }

    [Fact]
    public async Task after_an_edit_while_closed_the_document_stays_gone()
    {
        var written = await app.PostJob(Posted);
        await app.JobAction(written.Id, "close");

        await app.EditJob(written.Id, EditedWhileClosed);

        (await app.LoadBrowseItem(written.Id)).ShouldBeNull();
    }

    [Fact]
    public async Task after_reopen_the_document_is_rebuilt_from_the_latest_details_posted_anew()
    {
        var written = await app.PostJob(Posted);
        await app.EditJob(written.Id, Edited);
        await app.JobAction(written.Id, "close");
        await app.EditJob(written.Id, EditedWhileClosed);
        var before = DateTimeOffset.UtcNow;

        await app.JobAction(written.Id, "reopen");
        var after = DateTimeOffset.UtcNow;

        var item = await app.LoadBrowseItem(written.Id);
        item.ShouldShow(written.Id, EditedWhileClosed, 5);
        item!.PostedAt.ShouldBeInRange(before, after);
        item.UpdatedAt.ShouldBe(item.PostedAt);
        (await app.StreamEventTypes(written.Id)).ShouldBe(
            [typeof(JobPosted), typeof(JobEdited), typeof(JobClosed), typeof(JobEdited), typeof(JobReopened)]);
    }

    [Fact]
    public async Task after_delete_the_document_is_gone()
    {
        var written = await app.PostJob(Posted);
        await app.EditJob(written.Id, Edited);

        await app.JobAction(written.Id, "delete");

        (await app.LoadBrowseItem(written.Id)).ShouldBeNull();
    }

    [Fact]
    public async Task after_delete_of_a_closed_job_the_document_stays_gone()
    {
        var written = await app.PostJob(Posted);
        await app.JobAction(written.Id, "close");

        await app.JobAction(written.Id, "delete");

        (await app.LoadBrowseItem(written.Id)).ShouldBeNull();
        (await app.StreamVersion(written.Id)).ShouldBe(3);
    }

    [Fact]
    public async Task the_events_carry_what_read_models_need()
    {
        var written = await app.PostJob(Posted);
        await app.EditJob(written.Id, Edited);
        await app.JobAction(written.Id, "close");
        await app.JobAction(written.Id, "reopen");
        await app.JobAction(written.Id, "delete");

        await using var session = app.Store().QuerySession();
        var events = (await session.Events.FetchStreamAsync(written.Id)).Select(e => e.Data).ToList();

        var posted = events[0].ShouldBeOfType<JobPosted>();
        posted.JobId.ShouldBe(written.Id);
        posted.Details.ShouldBe(Posted.ToDetails());
        var edited = events[1].ShouldBeOfType<JobEdited>();
        edited.Details.ShouldBe(Edited.ToDetails());
        edited.EditedAt.ShouldBeGreaterThan(posted.PostedAt);
        events[2].ShouldBeOfType<JobClosed>().JobId.ShouldBe(written.Id);
        var reopened = events[3].ShouldBeOfType<JobReopened>();
        reopened.Details.ShouldBe(Edited.ToDetails());
        reopened.PostedAt.ShouldBe(reopened.ReopenedAt);
        events[4].ShouldBeOfType<JobDeleted>().JobId.ShouldBe(written.Id);
    }
}
