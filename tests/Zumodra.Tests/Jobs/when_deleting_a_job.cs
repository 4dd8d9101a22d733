using Zumodra.Jobs;

namespace Zumodra.Tests.Jobs;

[Collection(JobsCollection.Name)]
public sealed class when_deleting_a_job(JobsApp app)
{
    [Fact]
    public async Task it_is_gone_from_get_by_id_and_from_the_list()
    {
        var tag = JobScenarios.NewTag();
        var written = await app.PostJob(JobScenarios.ATaggedJob(tag, "Doomed"));

        var answer = await app.JobAction(written.Id, "delete");

        answer.Id.ShouldBe(written.Id);
        answer.Version.ShouldBe(2);
        var problem = await (await app.Send(404, s => s.Get.Url($"/api/jobs/{written.Id}"))).ReadProblem();
        problem.Status.ShouldBe(404);
        (await app.BrowseJobs($"?search={tag}")).Total.ShouldBe(0);
        (await app.LoadBrowseItem(written.Id)).ShouldBeNull();
        (await app.StreamEventTypes(written.Id)).ShouldBe([typeof(JobPosted), typeof(JobDeleted)]);
    }

    [Fact]
    public async Task a_closed_job_can_be_deleted()
    {
        var written = await app.PostJob(JobScenarios.AJob("Closed Then Deleted"));
        await app.JobAction(written.Id, "close");

        var answer = await app.JobAction(written.Id, "delete");

        answer.Version.ShouldBe(3);
        (await app.StreamEventTypes(written.Id)).ShouldBe([typeof(JobPosted), typeof(JobClosed), typeof(JobDeleted)]);
    }

    [Fact]
    public async Task deleting_it_again_is_a_404_that_writes_nothing()
    {
        var written = await app.PostJob(JobScenarios.AJob("Deleted Twice"));
        await app.JobAction(written.Id, "delete");

        var result = await app.SendAsAdmin(404, s => s.Delete.Url($"/api/jobs/{written.Id}"));

        (await result.ReadProblem()).Detail.ShouldBe($"Job {written.Id} was deleted.");
        (await app.StreamVersion(written.Id)).ShouldBe(2);
    }
}
