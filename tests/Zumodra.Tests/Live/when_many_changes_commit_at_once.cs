using Zumodra.Tests.Infrastructure;

namespace Zumodra.Tests.Live;

/// <summary>
/// Many writers at once: the relay records the changes that wait in one transaction (group commit). Every change must
/// still arrive once, each job's changes in the order they were made, and a catch-up must replay the order pushed.
/// </summary>
[Collection(LiveCollection.Name)]
[Trait("Category", "Process")]
public sealed class when_many_changes_commit_at_once(LiveApp app)
{
    private LiveServer Server => app.Server;

    [Fact]
    public async Task every_change_arrives_once_each_job_in_order_and_a_catch_up_replays_the_same_order()
    {
        await using var witness = await Server.Listen("?channel=jobs");
        var last = await Server.PostJobSeenBy(witness, "Before The Burst");

        // 24 writers side by side, each posting a job and editing it twice, one change after the other.
        var jobs = await Task.WhenAll(Enumerable.Range(0, 24).Select(async i =>
        {
            var form = LiveScenarios.AUniqueJob($"Burst {i}");
            var id = (await Server.PostJobAsync(form)).Id;
            for (var edit = 1; edit <= 2; edit++) await Server.EditJobAsync(id, form with { Title = $"{form.Title} edit {edit}" });
            return id;
        }));

        var live = await witness.WaitForJobs(jobs, 72);
        live.Count.ShouldBe(72);
        live.Sequences().Distinct().Count().ShouldBe(72, "each change once");
        foreach (var job in jobs)
            live.Where(x => x.Payload.ItemId() == job).Select(x => (x.Method, x.Payload.Version()))
                .ShouldBe([("job_created", 1L), ("job_updated", 2L), ("job_updated", 3L)]);

        await using var late = await Server.Listen($"?channel=jobs&after={last}");
        (await late.WaitForJobs(jobs, 72)).Sequences().ShouldBe(live.Sequences(), "the catch-up replays the live order");
        (await late.Quiet()).Where(x => jobs.Contains(x.Payload.ItemId())).Count().ShouldBe(72, "nothing twice");
    }
}
