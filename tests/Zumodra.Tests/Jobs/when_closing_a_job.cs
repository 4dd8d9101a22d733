using Zumodra.Jobs;

namespace Zumodra.Tests.Jobs;

[Collection(JobsCollection.Name)]
public sealed class when_closing_a_job(JobsApp app)
{
    [Fact]
    public async Task it_answers_the_next_version_and_is_no_longer_found_by_id()
    {
        var written = await app.PostJob(JobScenarios.AJob("Closing Engineer"));

        var answer = await app.JobAction(written.Id, "close");

        answer.Id.ShouldBe(written.Id);
        answer.Version.ShouldBe(2);
        var result = await app.Send(404, s => s.Get.Url($"/api/jobs/{written.Id}"));
        var problem = await result.ReadProblem();
        problem.Status.ShouldBe(404);
        problem.Title.ShouldBe("Job not found");
        (await app.StreamEventTypes(written.Id)).ShouldBe([typeof(JobPosted), typeof(JobClosed)]);
    }

    [Fact]
    public async Task it_leaves_the_list_the_map_and_the_facets()
    {
        var tag = JobScenarios.NewTag();
        var written = await app.PostJob(JobScenarios.ATaggedJob(tag) with { Location = $"Closetown {tag}" });
        (await app.BrowseJobs($"?search={tag}")).Total.ShouldBe(1);

        await app.JobAction(written.Id, "close");

        var page = await app.BrowseJobs($"?search={tag}");
        page.Total.ShouldBe(0);
        page.Items.ShouldBeEmpty();
        var map = await (await app.Send(200, s => s.Get.Url($"/api/jobs/map?search={tag}"))).ReadJson();
        map.GetProperty("features").GetArrayLength().ShouldBe(0);
        var facets = await (await app.Send(200, s => s.Get.Url("/api/jobs/facets"))).ReadJson();
        facets.GetProperty("locations").EnumerateArray().Select(l => l.GetProperty("value").GetString()).ShouldNotContain($"Closetown {tag}");
    }

    [Fact]
    public async Task closing_a_closed_job_changes_nothing()
    {
        var written = await app.PostJob(JobScenarios.AJob("Twice Closed"));
        await app.JobAction(written.Id, "close");

        var again = await app.JobAction(written.Id, "close");

        again.Version.ShouldBe(2);
        (await app.StreamVersion(written.Id)).ShouldBe(2);
    }

    [Fact]
    public async Task other_jobs_stay_listed()
    {
        var tag = JobScenarios.NewTag();
        var closed = await app.PostJob(JobScenarios.ATaggedJob(tag, "Leaving"));
        var kept = await app.PostJob(JobScenarios.ATaggedJob(tag, "Staying"));

        await app.JobAction(closed.Id, "close");

        (await app.BrowseJobs($"?search={tag}")).Items.Select(x => x.Id).ShouldBe([kept.Id]);
    }
}
