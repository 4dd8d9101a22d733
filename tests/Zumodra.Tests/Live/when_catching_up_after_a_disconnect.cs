using System.Collections.Concurrent;
using System.Text.Json;
using Zumodra.Tests.Infrastructure;

namespace Zumodra.Tests.Live;

[Collection(LiveCollection.Name)]
[Trait("Category", "Process")]
public sealed class when_catching_up_after_a_disconnect(LiveApp app)
{
    private LiveServer Server => app.Server;

    /// <summary>Connects, sees one new job, and leaves: returns that job and the last sequence the client saw.</summary>
    private async Task<(Guid Job, long Last)> SeeOneJobAndLeave(string query = "?channel=jobs")
    {
        await using var client = await Server.Listen(query);
        var job = (await Server.PostJobAsync(LiveScenarios.AUniqueJob("Seen Before Leaving") with { Remote = true })).Id;
        var seen = await client.WaitForJobs([job], 1);
        seen.Count.ShouldBe(1);
        return (job, seen[0].Payload.Sequence());
    }

    /// <summary>Post, edit, delete and close while the client is away; returns every id involved.</summary>
    private async Task<Guid[]> ChangeFourTimes(Guid seen)
    {
        var second = (await Server.PostJobAsync(LiveScenarios.AUniqueJob("Missed Post"))).Id;
        await Server.EditJobAsync(seen, LiveScenarios.AUniqueJob("Missed Edit") with { Remote = true });
        await Server.DeleteJobAsync(second);
        var third = (await Server.PostJobAsync(LiveScenarios.AUniqueJob("Missed Post Two"))).Id;
        return [seen, second, third];
    }

    private static List<(string Method, long Sequence, Guid Id)> Keys(IEnumerable<(string Method, JsonElement Payload)> pushes) =>
        [.. pushes.Select(x => (x.Method, x.Payload.Sequence(), x.Payload.ItemId()))];

    [Fact]
    public async Task reconnecting_with_after_in_the_query_string_replays_exactly_the_missed_changes_then_continues_live()
    {
        await using var witness = await Server.Listen("?channel=jobs");
        var (seen, last) = await SeeOneJobAndLeave();
        var ids = await ChangeFourTimes(seen);
        var missed = await witness.WaitForJobs(ids, 5);
        missed = [.. missed.Where(x => x.Payload.Sequence() > last)];
        missed.Select(x => x.Method).ShouldBe(["job_created", "job_updated", "job_deleted", "job_created"]);

        await using var back = await Server.Listen($"?channel=jobs&after={last}");
        var replayed = await back.WaitFor(4);
        Keys(replayed).ShouldBe(Keys(missed), "exactly the missed changes, in order, nothing else");
        replayed[1].Payload.Title().ShouldStartWith("Missed Edit");

        var live = (await Server.PostJobAsync(LiveScenarios.AUniqueJob("After Coming Back"))).Id;
        var all = await back.WaitFor(5);
        all.Count.ShouldBe(5);
        all[^1].Payload.ItemId().ShouldBe(live);
        all.Sequences().ShouldBeStrictlyIncreasing();
        (await back.Quiet()).Count.ShouldBe(5);
    }

    [Fact]
    public async Task subscribing_with_an_after_sequence_replays_the_same_and_says_how_many()
    {
        await using var witness = await Server.Listen("?channel=jobs");
        var (seen, last) = await SeeOneJobAndLeave();
        var ids = await ChangeFourTimes(seen);
        var missed = (await witness.WaitForJobs(ids, 5)).Where(x => x.Payload.Sequence() > last).ToList();

        await using var back = await Server.Listen();
        var subscribed = await back.Subscribe("jobs", null, last);
        subscribed.GetProperty("replayed").GetInt32().ShouldBe(4);
        subscribed.GetProperty("reloadRequired").GetBoolean().ShouldBeFalse();
        Keys(await back.WaitFor(4)).ShouldBe(Keys(missed));

        var live = (await Server.PostJobAsync(LiveScenarios.AUniqueJob("After Subscribing Back"))).Id;
        var all = await back.WaitFor(5);
        all.Select(x => x.Payload.ItemId()).Last().ShouldBe(live);
        all.Sequences().ShouldBeStrictlyIncreasing();
        (await back.Quiet()).Count.ShouldBe(5);

        // Caught up already: nothing to replay, and still live.
        await using var current = await Server.Listen();
        (await current.Subscribe("jobs", null, all[^1].Payload.Sequence())).GetProperty("replayed").GetInt32().ShouldBe(0);
        (await current.Quiet(TimeSpan.FromMilliseconds(300))).ShouldBeEmpty();
    }

    [Fact]
    public async Task reconnecting_while_the_missed_changes_are_still_being_relayed_gives_no_gap_and_no_duplicate()
    {
        await using var witness = await Server.Listen("?channel=jobs");
        var (seen, last) = await SeeOneJobAndLeave();
        var changing = ChangeFourTimes(seen);
        // Come back at once, racing the writes and the relay of the changes.
        await using var back = await Server.Listen($"?channel=jobs&after={last}");
        var ids = await changing;

        var expected = (await witness.WaitForJobs(ids, 5)).Where(x => x.Payload.Sequence() > last).ToList();
        Keys(await back.WaitFor(4)).ShouldBe(Keys(expected));
        (await back.Quiet()).Count.ShouldBe(4);
    }

    [Fact]
    public async Task reconnecting_again_and_again_while_jobs_change_adds_up_to_exactly_what_a_connected_client_saw()
    {
        await using var witness = await Server.Listen("?channel=jobs");
        var ids = new ConcurrentBag<Guid>();
        var seen = new List<(string Method, JsonElement Payload)>();

        var client = await Server.Listen("?channel=jobs");
        var reconnections = 0;
        var writing = Task.Run(async () =>
        {
            for (var i = 0; i < 6; i++)
            {
                // Paced by the reader, so that every round of writes overlaps a reconnection.
                var deadline = DateTime.UtcNow.AddSeconds(30);
                while (Volatile.Read(ref reconnections) < i && DateTime.UtcNow < deadline) await Task.Delay(5);
                var form = LiveScenarios.AUniqueJob($"Churn {i}");
                var id = (await Server.PostJobAsync(form)).Id;
                ids.Add(id);
                await Server.EditJobAsync(id, form with { Title = form.Title + " edited" });
                if (i % 3 == 0) await Server.DeleteJobAsync(id);
            }
        });

        long? last = null;
        try
        {
            while (true)
            {
                var done = writing.IsCompleted;
                // The first connection must see something: a client that saw nothing has no sequence to resume after.
                await client.WaitUntil(pushes => pushes.Count >= (last is null ? 1 : 2), TimeSpan.FromMilliseconds(last is null ? 30_000 : done ? 0 : 300));
                var batch = client.Jobs; // what this connection saw before it went away; later pushes are lost with it
                seen.AddRange(batch);
                if (batch.Count > 0) last = batch[^1].Payload.Sequence();
                await client.DisposeAsync();
                if (done) break;
                client = await Server.Listen(last is null ? "?channel=jobs" : $"?channel=jobs&after={last}");
                Interlocked.Increment(ref reconnections);
            }
            await writing;
        }
        finally
        {
            await client.DisposeAsync();
        }

        // Whatever the last connection had not received yet, one more catch-up brings.
        var expected = await witness.WaitForJobs(ids.ToArray(), 14);
        expected.Count.ShouldBe(14, "6 posts, 6 edits, 2 deletions");
        last.ShouldNotBeNull();
        await using (var final = await Server.Listen($"?channel=jobs&after={last}"))
            seen.AddRange(await final.WaitUntil(pushes => seen.Count + pushes.Count >= expected.Count));

        reconnections.ShouldBeGreaterThanOrEqualTo(6);
        Keys(LiveProbe.About(seen, ids.ToArray())).ShouldBe(Keys(expected), $"after {reconnections} reconnections");
        seen.Sequences().ShouldBeStrictlyIncreasing();
    }

    [Fact]
    public async Task a_filtered_catch_up_replays_only_what_the_filter_shows()
    {
        await using var witness = await Server.Listen("?channel=jobs");
        await using var filtered = await Server.Listen();
        await filtered.Subscribe("jobs", new { remote = true });
        var remoteForm = LiveScenarios.AUniqueJob("Remote Gardener") with { Remote = true, Description = "Tend the gardens." };
        var remote = (await Server.PostJobAsync(remoteForm)).Id;
        var last = (await filtered.WaitForJobs([remote], 1)).Single().Payload.Sequence();
        await filtered.Connection.StopAsync();

        var office = (await Server.PostJobAsync(LiveScenarios.AUniqueJob("Office Gardener") with { Description = "Tend the gardens." })).Id;
        await Server.EditJobAsync(remote, remoteForm with { Remote = false });
        var remoteToo = (await Server.PostJobAsync(LiveScenarios.AUniqueJob("Remote Baker") with { Remote = true })).Id;
        await Server.DeleteJobAsync(office);
        await witness.WaitForJobs([remote, office, remoteToo], 5);
        var names = new Dictionary<Guid, string> { [remote] = "remote", [office] = "office", [remoteToo] = "remoteToo" };

        await using var bySubscribe = await Server.Listen();
        await bySubscribe.Subscribe("jobs", new { remote = true }, last);
        await using var byQuery = await Server.Listen($"?channel=jobs&remote=true&after={last}");
        await using var bySearch = await Server.Listen();
        await bySearch.Subscribe("jobs", new { search = "gardening", remote = true }, last);

        string[] remoteOnly = ["job_deleted remote", "job_created remoteToo", "job_deleted office"];
        (await bySubscribe.WaitFor(3)).Describe(names).ShouldBe(remoteOnly);
        (await byQuery.WaitFor(3)).Describe(names).ShouldBe(remoteOnly);
        (await bySearch.WaitFor(2)).Describe(names).ShouldBe(["job_deleted remote", "job_deleted office"]);

        await bySearch.Quiet();
        bySubscribe.Received.Count.ShouldBe(3, "the office job's creation is not replayed");
        byQuery.Received.Count.ShouldBe(3);
        bySearch.Received.Count.ShouldBe(2, "the baker does not match the search");
    }
}
