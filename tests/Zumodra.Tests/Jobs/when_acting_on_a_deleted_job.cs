namespace Zumodra.Tests.Jobs;

/// <summary>A deleted job is gone for every purpose: every write answers 404 and appends nothing.</summary>
[Collection(JobsCollection.Name)]
public sealed class when_acting_on_a_deleted_job(JobsApp app)
{
    public static TheoryData<string> Writes => ["edit", "close", "reopen", "delete"];

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task it_is_404_and_the_stream_gets_no_new_event(string write)
    {
        var written = await app.PostJob(JobScenarios.AJob("Deleted Engineer"));
        await app.JobAction(written.Id, "delete");
        (await app.StreamVersion(written.Id)).ShouldBe(2);

        var result = await app.SendAsAdmin(404, s =>
        {
            switch (write)
            {
                case "edit": s.Put.Json(JobScenarios.AJob("Resurrected")).ToUrl($"/api/jobs/{written.Id}"); break;
                case "delete": s.Delete.Url($"/api/jobs/{written.Id}"); break;
                default: s.Post.Url($"/api/jobs/{written.Id}/{write}"); break;
            }
        });

        var problem = await result.ReadProblem();
        problem.Status.ShouldBe(404);
        problem.Title.ShouldBe("Job not found");
        problem.Detail.ShouldBe($"Job {written.Id} was deleted.");
        (await app.StreamVersion(written.Id)).ShouldBe(2);
        (await app.LoadBrowseItem(written.Id)).ShouldBeNull();
    }

    [Fact]
    public async Task a_deleted_job_that_was_closed_cannot_be_reopened()
    {
        var written = await app.PostJob(JobScenarios.AJob("Closed Deleted Engineer"));
        await app.JobAction(written.Id, "close");
        await app.JobAction(written.Id, "delete");

        await app.SendAsAdmin(404, s => s.Post.Url($"/api/jobs/{written.Id}/reopen"));

        (await app.StreamVersion(written.Id)).ShouldBe(3);
        (await app.BrowseJob(written.Id)).ShouldBeNull();
    }

    [Fact]
    public async Task an_edit_with_the_matching_version_is_still_404()
    {
        var written = await app.PostJob(JobScenarios.AJob("Versioned Deleted Engineer"));
        await app.JobAction(written.Id, "delete");

        await app.SendAsAdmin(404, s => s.Put.Json(JobScenarios.AJob() with { Version = 2 }).ToUrl($"/api/jobs/{written.Id}"));

        (await app.StreamVersion(written.Id)).ShouldBe(2);
    }
}
