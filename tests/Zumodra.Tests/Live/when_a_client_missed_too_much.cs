using Zumodra.Tests.Infrastructure;

namespace Zumodra.Tests.Live;

/// <summary>On a server that replays at most 3 missed changes; beyond that the client is told to reload.</summary>
[Collection(RestrictedLiveCollection.Name)]
[Trait("Category", "Process")]
public sealed class when_a_client_missed_too_much(RestrictedLiveApp app)
{
    private LiveServer Server => app.Server;

    /// <summary>Sees one job, leaves, then misses <paramref name="count"/> posts; returns the last sequence seen and the missed pushes.</summary>
    private async Task<(long Last, List<(string Method, System.Text.Json.JsonElement Payload)> Missed)> Miss(int count)
    {
        await using var witness = await Server.Listen("?channel=jobs");
        var seen = (await Server.PostJobAsync(LiveScenarios.AUniqueJob("Seen"))).Id;
        var last = (await witness.WaitForJobs([seen], 1)).Single().Payload.Sequence();
        var missed = new List<Guid>();
        for (var i = 0; i < count; i++) missed.Add((await Server.PostJobAsync(LiveScenarios.AUniqueJob($"Missed {i}"))).Id);
        return (last, await witness.WaitForJobs(missed, count));
    }

    [Fact]
    public async Task missing_more_than_the_limit_by_query_string_gets_reload_required_instead_of_a_replay()
    {
        var (last, _) = await Miss(5);

        await using var back = await Server.Listen($"?channel=jobs&after={last}");
        var notice = (await back.WaitFor(1)).ShouldHaveSingleItem();
        notice.Method.ShouldBe("reload_required");
        notice.Payload.GetProperty("channel").GetString().ShouldBe("jobs");
        notice.Payload.GetProperty("afterSequence").GetInt64().ShouldBe(last);
        notice.Payload.GetProperty("reason").GetString().ShouldNotBeNullOrWhiteSpace();
        (await back.Quiet()).Count.ShouldBe(1, "nothing is replayed with reload_required");

        // The subscription is live from now on.
        var next = (await Server.PostJobAsync(LiveScenarios.AUniqueJob("After Reload"))).Id;
        var pushes = await back.WaitFor(2);
        pushes.Count.ShouldBe(2);
        pushes[1].Method.ShouldBe("job_created");
        pushes[1].Payload.ItemId().ShouldBe(next);
    }

    [Fact]
    public async Task missing_more_than_the_limit_by_subscribe_answers_reload_required()
    {
        var (last, _) = await Miss(5);

        await using var back = await Server.Listen();
        var subscribed = await back.Subscribe("jobs", null, last);
        subscribed.GetProperty("reloadRequired").GetBoolean().ShouldBeTrue();
        subscribed.GetProperty("replayed").GetInt32().ShouldBe(0);
        (await back.WaitFor(1)).ShouldHaveSingleItem().Method.ShouldBe("reload_required");

        var next = (await Server.PostJobAsync(LiveScenarios.AUniqueJob("After Reload"))).Id;
        (await back.WaitFor(2)).Select(x => (x.Method, x.Payload.TryGetProperty("item", out _) ? x.Payload.ItemId() : Guid.Empty))
            .ShouldBe([("reload_required", Guid.Empty), ("job_created", next)]);
    }

    [Fact]
    public async Task missing_exactly_the_limit_is_still_replayed()
    {
        var (last, missed) = await Miss(3);

        await using var back = await Server.Listen();
        var subscribed = await back.Subscribe("jobs", null, last);
        subscribed.GetProperty("reloadRequired").GetBoolean().ShouldBeFalse();
        subscribed.GetProperty("replayed").GetInt32().ShouldBe(3);
        (await back.WaitFor(3)).Sequences().ShouldBe(missed.Sequences());
    }
}
