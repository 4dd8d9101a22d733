using Zumodra.Tests.Infrastructure;

namespace Zumodra.Tests.Live;

/// <summary>
/// The relay cannot record a change for a moment (here its table is renamed away): the change must be retried, not
/// dead-lettered, and reach the client and the catch-up log once the table is back.
/// </summary>
[Collection(LiveCollection.Name)]
[Trait("Category", "Process")]
public sealed class when_the_change_log_is_briefly_unavailable(LiveApp app)
{
    private LiveServer Server => app.Server;

    [Fact]
    public async Task the_change_is_pushed_and_recorded_once_it_can_be()
    {
        await using var client = await Server.Listen("?channel=jobs");
        var last = await Server.PostJobSeenBy(client, "Before The Outage");

        Guid during;
        await using (await TestDatabase.TableAwayAsync(Server.ConnectionString, "live", "mt_doc_livechange"))
        {
            during = (await Server.PostJobAsync(LiveScenarios.AUniqueJob("During The Outage"))).Id;
            await Task.Delay(300);
            (await client.Quiet(TimeSpan.FromMilliseconds(100))).Where(x => x.Payload.ItemId() == during).ShouldBeEmpty("nothing can be recorded yet");
        }

        (await client.WaitForJobs([during], 1)).ShouldHaveSingleItem().Method.ShouldBe("job_created");
        await using var late = await Server.Listen($"?channel=jobs&after={last}");
        (await late.WaitForJobs([during], 1)).ShouldHaveSingleItem().Method.ShouldBe("job_created", "the catch-up log has it too");
    }
}
