using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Zumodra.Tests.Jobs;

namespace Zumodra.Tests.Live;

/// <summary>
/// <c>AddSubscription</c> / <c>RemoveSubscription</c>: the subscriptions of a browser's tabs on one connection, each with
/// its own filters and catch-up, its pushes carrying its key.
/// </summary>
[Collection(LiveCollection.Name)]
[Trait("Category", "Process")]
public sealed class when_one_connection_carries_several_subscriptions(LiveApp app)
{
    private static int Key(JsonElement added) => added.GetProperty("key").GetInt32();

    private static async Task<string> Refusal(Func<Task> invocation, string code)
    {
        var refused = await Should.ThrowAsync<HubException>(invocation);
        refused.Message.ShouldContain($"{code}:");
        return refused.Message;
    }

    /// <summary>The keyed job pushes of <paramref name="key"/> about <paramref name="ids"/>, as <c>method name</c>.</summary>
    private static List<string> Seen(LiveProbe probe, int key, IReadOnlyDictionary<Guid, string> names) =>
        LiveProbe.About(probe.JobsFor(key), [.. names.Keys]).Describe(names);

    [Fact]
    public async Task each_subscription_receives_only_its_own_filtered_changes_with_its_key_in_order_and_once()
    {
        await using var probe = await app.Server.Listen();
        var partTime = Key(await probe.AddSubscription("jobs", new { type = new[] { "part_time" } }));
        var remote = Key(await probe.AddSubscription("jobs", new { remote = true }));
        var everything = Key(await probe.AddSubscription("jobs"));
        new[] { partTime, remote, everything }.Distinct().Count().ShouldBe(3);

        var nurse = JobScenarios.AJob(LiveScenarios.Unique("Night Nurse"), "part_time") with { Remote = false };
        var n = (await app.Server.PostJobAsync(nurse)).Id;
        var r = (await app.Server.PostJobAsync(LiveScenarios.AUniqueJob("Remote Engineer") with { Remote = true })).Id;
        var o = (await app.Server.PostJobAsync(LiveScenarios.AUniqueJob("Office Engineer") with { Remote = false })).Id;
        await app.Server.EditJobAsync(n, nurse with { Remote = true });
        var names = new Dictionary<Guid, string> { [n] = "nurse", [r] = "remote", [o] = "office" };

        await probe.WaitUntil(_ => probe.JobsFor(everything).Count(x => names.ContainsKey(x.Payload.ItemId())) >= 4);
        await probe.Quiet();
        Seen(probe, partTime, names).ShouldBe(["job_created nurse", "job_updated nurse"]);
        Seen(probe, remote, names).ShouldBe(["job_created remote", "job_updated nurse"]);
        Seen(probe, everything, names).ShouldBe(["job_created nurse", "job_created remote", "job_created office", "job_updated nurse"]);
        foreach (var key in new[] { partTime, remote, everything })
            LiveProbe.About(probe.JobsFor(key), [n, r, o]).Sequences().ShouldBeStrictlyIncreasing();
        LiveProbe.About(probe.Jobs, [n, r, o]).Count(x => !x.Payload.TryGetProperty("key", out _))
            .ShouldBe(0, "without a default subscription, every push names its subscription");
    }

    [Fact]
    public async Task the_default_subscription_keeps_pushing_without_a_key_beside_the_added_ones()
    {
        await using var probe = await app.Server.Listen("?channel=jobs&remote=true");
        var added = Key(await probe.AddSubscription("jobs", new { remote = false }));

        var office = (await app.Server.PostJobAsync(LiveScenarios.AUniqueJob("Office Clerk") with { Remote = false })).Id;
        var home = (await app.Server.PostJobAsync(LiveScenarios.AUniqueJob("Home Clerk") with { Remote = true })).Id;

        await probe.WaitForJobs([office, home], 2);
        await probe.Quiet();
        var pushes = LiveProbe.About(probe.Jobs, [office, home]);
        pushes.Count.ShouldBe(2);
        pushes.Where(x => !x.Payload.TryGetProperty("key", out _)).ShouldHaveSingleItem().Payload.ItemId().ShouldBe(home);
        LiveProbe.About(probe.JobsFor(added), [office, home]).ShouldHaveSingleItem().Payload.ItemId().ShouldBe(office);
    }

    [Fact]
    public async Task each_subscription_catches_up_from_its_own_sequence_then_continues_live_once()
    {
        await using var watcher = await app.Server.Listen("?channel=jobs");
        var before = await app.Server.PostJobSeenBy(watcher, "Before The Tabs");
        var contract = (await app.Server.PostJobAsync(LiveScenarios.AUniqueJob("Missed Contractor", "contract"))).Id;
        var fullTime = (await app.Server.PostJobAsync(LiveScenarios.AUniqueJob("Missed Engineer"))).Id;
        var after = (await watcher.WaitForJobs([contract, fullTime], 2)).First(x => x.Payload.ItemId() == contract).Payload.Sequence();

        await using var probe = await app.Server.Listen();
        var contracts = await probe.AddSubscription("jobs", new { type = new[] { "contract" } }, before);
        contracts.GetProperty("reloadRequired").GetBoolean().ShouldBeFalse();
        contracts.GetProperty("replayed").GetInt32().ShouldBeGreaterThanOrEqualTo(2);
        var latest = Key(await probe.AddSubscription("jobs", null, after));
        var live = (await app.Server.PostJobAsync(LiveScenarios.AUniqueJob("Live Contractor", "contract"))).Id;
        var names = new Dictionary<Guid, string> { [contract] = "contract", [fullTime] = "full time", [live] = "live" };

        await probe.WaitUntil(_ => LiveProbe.About(probe.JobsFor(latest), [live]).Count == 1);
        await probe.Quiet();
        Seen(probe, Key(contracts), names).ShouldBe(["job_created contract", "job_created live"]);
        Seen(probe, latest, names).ShouldBe(["job_created full time", "job_created live"]);
    }

    [Fact]
    public async Task a_removed_subscription_receives_nothing_more_and_an_unknown_key_is_invalid_key()
    {
        await using var probe = await app.Server.Listen();
        var removed = Key(await probe.AddSubscription("jobs"));
        var kept = Key(await probe.AddSubscription("jobs"));
        await probe.RemoveSubscription(removed);

        var job = (await app.Server.PostJobAsync(LiveScenarios.AUniqueJob("After The Removal"))).Id;
        await probe.WaitUntil(_ => LiveProbe.About(probe.JobsFor(kept), [job]).Count == 1);
        await probe.Quiet();
        LiveProbe.About(probe.Jobs, [job]).ShouldHaveSingleItem().Payload.GetProperty("key").GetInt32().ShouldBe(kept);

        (await Refusal(() => probe.RemoveSubscription(removed), "invalid_key")).ShouldContain($"{removed}");
        await Refusal(() => probe.RemoveSubscription(9999), "invalid_key");
        (await probe.WaitUntil(all => all.Count(x => x.Method == "error") == 2)).Where(x => x.Method == "error")
            .Select(x => x.Payload.GetProperty("code").GetString()).ShouldBe(["invalid_key", "invalid_key"]);
        probe.Connection.State.ShouldBe(HubConnectionState.Connected);
    }

    [Fact]
    public async Task the_twenty_first_subscription_is_too_many_subscriptions_until_one_is_removed()
    {
        await using var probe = await app.Server.Listen();
        var keys = new List<int>();
        for (var i = 0; i < 20; i++) keys.Add(Key(await probe.AddSubscription("jobs", new { type = new[] { "contract" } })));

        (await Refusal(() => probe.AddSubscription("jobs"), "too_many_subscriptions")).ShouldContain("20");
        (await probe.WaitUntil(all => all.Any(x => x.Method == "error"))).Single(x => x.Method == "error")
            .Payload.GetProperty("code").GetString().ShouldBe("too_many_subscriptions");
        var job = (await app.Server.PostJobAsync(LiveScenarios.AUniqueJob("One For Twenty", "contract"))).Id;
        await probe.WaitUntil(all => LiveProbe.About(all, [job]).Count == 20);
        await probe.Quiet();
        LiveProbe.About(probe.Jobs, [job]).Select(x => x.Payload.GetProperty("key").GetInt32()).Order().ToList().ShouldBe(keys,
            "the refused subscription registered nothing, and each of the twenty got the change once");

        await probe.RemoveSubscription(keys[0]);
        Key(await probe.AddSubscription("jobs")).ShouldNotBeOneOf([.. keys]);
    }

    [Fact]
    public async Task filters_the_browse_api_refuses_are_invalid_filters_naming_the_field_and_register_nothing()
    {
        await using var probe = await app.Server.Listen();
        (await Refusal(() => probe.AddSubscription("jobs", new { type = new[] { "full_time", "permanent" } }, 0), "invalid_filters"))
            .ShouldContain("type");
        (await Refusal(() => probe.AddSubscription("jobs", new { salary = 5 }), "invalid_filters")).ShouldContain("'salary'");
        await Refusal(() => probe.AddSubscription("nope"), "unknown_channel");
        var errors = (await probe.WaitUntil(all => all.Count(x => x.Method == "error") == 3)).Where(x => x.Method == "error").ToList();
        errors[0].Payload.GetProperty("code").GetString().ShouldBe("invalid_filters");
        errors[0].Payload.GetProperty("field").GetString().ShouldBe("type");

        await using var witness = await app.Server.Listen("?channel=jobs");
        var job = (await app.Server.PostJobAsync(LiveScenarios.AUniqueJob("Not For The Refused"))).Id;
        (await witness.WaitForJobs([job], 1)).Count.ShouldBe(1);
        LiveProbe.About(await probe.Quiet(TimeSpan.FromMilliseconds(200)), [job]).ShouldBeEmpty("a refused AddSubscription registers nothing");
        Key(await probe.AddSubscription("jobs")).ShouldBe(1, "a refusal takes no key");
    }
}
