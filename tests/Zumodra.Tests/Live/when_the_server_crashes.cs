using System.Diagnostics;
using System.Text.Json;
using Zumodra.Tests.Infrastructure;

namespace Zumodra.Tests.Live;

/// <summary>The server process is killed outright (no graceful shutdown), then started again on the same port and database.</summary>
[Trait("Category", "Process")]
public sealed class when_the_server_crashes : IAsyncLifetime
{
    private LiveServer _server = null!;

    public async Task InitializeAsync() => _server = await LiveServer.StartAsync("livecrash");

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>What a job push says: which change, to which job, at which version (0 for deletions, which carry no item).</summary>
    private static (string Method, Guid Id, long Version) Identify((string Method, JsonElement Payload) push) =>
        (push.Method, push.Payload.ItemId(), push.Payload.TryGetProperty("item", out var item) ? item.GetProperty("version").GetInt64() : 0);

    /// <summary>Subscribes, sees three changes, leaves; returns the jobs and the last sequence seen.</summary>
    private async Task<(List<Guid> Jobs, long Last)> SeeThreeChanges()
    {
        await using var client = await _server.Listen("?channel=jobs");
        var jobs = new List<Guid>();
        for (var i = 0; i < 2; i++) jobs.Add((await _server.PostJobAsync(LiveScenarios.AUniqueJob($"Before Crash {i}"))).Id);
        await _server.EditJobAsync(jobs[0], LiveScenarios.AUniqueJob("Before Crash Edited"));
        var received = await client.WaitForJobs(jobs, 3);
        received.Count.ShouldBe(3);
        return (jobs, received[^1].Payload.Sequence());
    }

    /// <summary>Five changes: a post, two edits, a deletion and a closing; returns what a client should receive for them.</summary>
    private async Task<List<(string Method, Guid Id, long Version)>> ChangeFiveTimes(List<Guid> jobs)
    {
        var posted = (await _server.PostJobAsync(LiveScenarios.AUniqueJob("Crash Post"))).Id;
        jobs.Add(posted);
        var edited = await _server.EditJobAsync(jobs[1], LiveScenarios.AUniqueJob("Crash Edit"));
        await _server.DeleteJobAsync(jobs[0]);
        var postEdited = await _server.EditJobAsync(posted, LiveScenarios.AUniqueJob("Crash Post Edited"));
        await _server.CloseJobAsync(jobs[1]);
        return
        [
            ("job_created", posted, 1), ("job_updated", jobs[1], edited.Version), ("job_deleted", jobs[0], 0),
            ("job_updated", posted, postEdited.Version), ("job_deleted", jobs[1], 0),
        ];
    }

    [Fact]
    public async Task a_client_that_reconnects_after_the_restart_receives_every_change_since_its_last_one_exactly_once_then_live_ones()
    {
        var (jobs, last) = await SeeThreeChanges();
        List<(string Method, Guid Id, long Version)> expected;
        await using (var witness = await _server.Listen("?channel=jobs"))
        {
            expected = await ChangeFiveTimes(jobs);
            (await witness.WaitForJobs(jobs, 5)).Select(Identify).ShouldBe(expected, "relayed before the crash");
        }
        await _server.KillAsync();
        await _server.StartProcessAsync();

        await using var back = await _server.Listen($"?channel=jobs&after={last}");
        var caughtUp = await back.WaitFor(5);
        caughtUp.Select(Identify).ShouldBe(expected);
        caughtUp.Sequences().ShouldBeStrictlyIncreasing();
        caughtUp.ShouldAllBe(x => x.Payload.Sequence() > last);

        var after = (await _server.PostJobAsync(LiveScenarios.AUniqueJob("After Restart"))).Id;
        var all = await back.WaitFor(6);
        all.Count.ShouldBe(6);
        Identify(all[^1]).ShouldBe(("job_created", after, 1));
        (await back.Quiet()).Count.ShouldBe(6, "nothing arrives twice");

        // The push order continues across the restart: catching up from before the crash reaches the change made after it.
        await using var late = await _server.Listen($"?channel=jobs&after={last}");
        (await late.WaitFor(6)).Sequences().ShouldBe(all.Sequences());
        (await late.Quiet()).Count.ShouldBe(6);
    }

    [Fact]
    public async Task changes_committed_but_not_yet_relayed_when_it_died_are_relayed_soon_after_the_restart()
    {
        var (jobs, last) = await SeeThreeChanges();
        var expected = await ChangeFiveTimes(jobs);
        // A burst of concurrent posts, then the crash: the relay is likely still behind when the process dies.
        var burst = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => _server.PostJobAsync(LiveScenarios.AUniqueJob($"Burst {i}"))));
        await _server.KillAsync();
        expected.AddRange(burst.Select(x => ("job_created", x.Id, 1L)));

        var restarting = Stopwatch.StartNew();
        await _server.StartProcessAsync();
        await using var back = await _server.Listen($"?channel=jobs&after={last}");
        // The new process takes the dead one's inbox over once it is up; generous for a busy machine, still bounded.
        var caughtUp = await back.WaitFor(expected.Count, TimeSpan.FromSeconds(60));

        caughtUp.Select(Identify).Order().ShouldBe(expected.Order(),
            $"{restarting.Elapsed.TotalSeconds:0} s after the restart, {caughtUp.Count} of the {expected.Count} committed changes had arrived");
        caughtUp.Sequences().Distinct().Count().ShouldBe(expected.Count);

        var after = (await _server.PostJobAsync(LiveScenarios.AUniqueJob("After Restart"))).Id;
        var all = await back.WaitUntil(pushes => pushes.Any(x => x.Payload.ItemId() == after));
        var closed = back.Closed.IsCompleted ? $"closed ({(await back.Closed)?.Message ?? "cleanly"})" : "still open";
        var told = $"received {string.Join(", ", all.Select(x => $"{x.Method} {x.Payload.Sequence()}"))}; the connection is {closed}; the server's last lines:\n{_server.RecentOutput()}";
        all.Select(Identify).ShouldContain(("job_created", after, 1L), $"the change made after the restart arrives; {told}");
        all.Sequences().ShouldBeUnique($"nothing arrives twice; {told}");
        (await back.Quiet()).Count.ShouldBe(expected.Count + 1, "nothing arrives twice");
    }
}
