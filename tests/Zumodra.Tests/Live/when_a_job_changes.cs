using Zumodra.Tests.Jobs;

namespace Zumodra.Tests.Live;

[Collection(LiveCollection.Name)]
[Trait("Category", "Process")]
public sealed class when_a_job_changes(LiveApp app)
{
    [Fact]
    public async Task subscribers_receive_each_change_in_order_with_the_browse_item()
    {
        await using var jobs = await new LiveProbe(app.Server.Connect("?channel=jobs")).StartAsync();
        await using var other = await new LiveProbe(app.Server.Connect("?channel=companies")).StartAsync();
        await using var none = await new LiveProbe(app.Server.Connect()).StartAsync();

        var posted = await app.Server.PostJobAsync(JobScenarios.AJob("Live Engineer"));
        await app.Server.SendJobAsync(HttpMethod.Put, $"/api/jobs/{posted.Id}", JobScenarios.AJob("Live Engineer II"));
        await app.Server.SendJobAsync(HttpMethod.Post, $"/api/jobs/{posted.Id}/close");
        await app.Server.SendJobAsync(HttpMethod.Post, $"/api/jobs/{posted.Id}/reopen");
        await app.Server.SendJobAsync(HttpMethod.Delete, $"/api/jobs/{posted.Id}");

        var received = await jobs.WaitFor(5);
        received.Select(x => x.Method).ShouldBe(["job_created", "job_updated", "job_deleted", "job_created", "job_deleted"]);
        received[0].Payload.GetProperty("item").GetProperty("title").GetString().ShouldBe("Live Engineer");
        received[1].Payload.GetProperty("item").GetProperty("title").GetString().ShouldBe("Live Engineer II");
        received[1].Payload.GetProperty("item").GetProperty("version").GetInt64().ShouldBe(2);
        received[2].Payload.GetProperty("id").GetGuid().ShouldBe(posted.Id);
        var sequences = received.Select(x => x.Payload.GetProperty("sequence").GetInt64()).ToList();
        sequences.ShouldBe(sequences.Order().ToList());
        sequences.Distinct().Count().ShouldBe(5);

        (await none.Quiet()).ShouldBeEmpty();
        other.Received.Where(x => x.Method != "error").ShouldBeEmpty();
    }
}
