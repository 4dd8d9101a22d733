using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Zumodra.Tests.Live;

[Collection(LiveCollection.Name)]
[Trait("Category", "Process")]
public sealed class when_following_the_jobs_channel(LiveApp app)
{
    private static readonly string[] Lifecycle = ["job_created", "job_updated", "job_deleted", "job_created", "job_deleted"];

    [Fact]
    public async Task every_subscriber_receives_post_edit_close_reopen_delete_in_order_with_the_right_payloads()
    {
        var server = app.Server;
        await using var byQuery = await server.Listen("?channel=jobs");
        await using var byInvocation = await server.Listen();
        var subscribed = await byInvocation.Subscribe("jobs");
        subscribed.GetProperty("channel").GetString().ShouldBe("jobs");
        subscribed.GetProperty("replayed").GetInt32().ShouldBe(0);
        subscribed.GetProperty("reloadRequired").GetBoolean().ShouldBeFalse();
        await using var unsubscribed = await server.Listen();

        var form = LiveScenarios.AUniqueJob("Live Lifecycle Engineer");
        var before = DateTimeOffset.UtcNow;
        var posted = await server.PostJobAsync(form);
        var browsed = await server.Http.GetFromJsonAsync<JsonElement>($"/api/jobs/{posted.Id}");
        var edited = form with { Title = form.Title + " II", Remote = true, SalaryMax = 90000 };
        await server.EditJobAsync(posted.Id, edited);
        await server.CloseJobAsync(posted.Id);
        await server.ReopenJobAsync(posted.Id);
        await server.DeleteJobAsync(posted.Id);

        foreach (var probe in new[] { byQuery, byInvocation })
        {
            var received = await probe.WaitForJobs([posted.Id], 5);
            received.Select(x => x.Method).ShouldBe(Lifecycle);
            received.ShouldAllBe(x => x.Payload.GetProperty("channel").GetString() == "jobs");
            received.Sequences().ShouldBeStrictlyIncreasing();
            foreach (var (_, payload) in received)
                payload.GetProperty("timestamp").GetDateTimeOffset().ShouldBeInRange(before.AddSeconds(-5), DateTimeOffset.UtcNow.AddSeconds(5));

            var created = received[0].Payload.GetProperty("item");
            JsonElement.DeepEquals(created, browsed).ShouldBeTrue($"the pushed item should be the browse item\npushed:  {created}\nbrowsed: {browsed}");
            created.GetProperty("version").GetInt64().ShouldBe(1);

            var updated = received[1].Payload.GetProperty("item");
            updated.GetProperty("id").GetGuid().ShouldBe(posted.Id);
            updated.GetProperty("title").GetString().ShouldBe(edited.Title);
            updated.GetProperty("remote").GetBoolean().ShouldBeTrue();
            updated.GetProperty("salaryMax").GetDecimal().ShouldBe(90000);
            updated.GetProperty("jobType").GetString().ShouldBe("full_time");
            updated.GetProperty("version").GetInt64().ShouldBe(2);

            received[2].Payload.GetProperty("id").GetGuid().ShouldBe(posted.Id);
            received[2].Payload.TryGetProperty("item", out _).ShouldBeFalse("a deletion carries the id, not the item");

            var reopened = received[3].Payload.GetProperty("item");
            reopened.GetProperty("title").GetString().ShouldBe(edited.Title);
            reopened.GetProperty("version").GetInt64().ShouldBe(4);

            received[4].Payload.GetProperty("id").GetGuid().ShouldBe(posted.Id);
        }

        byInvocation.Jobs.Sequences().ShouldBe(byQuery.Jobs.Sequences(), "joining by query string and by Subscribe must see the same stream");
        (await unsubscribed.Quiet()).ShouldBeEmpty("a connection that joined no channel receives nothing");
    }

    [Fact]
    public async Task a_client_that_unsubscribed_receives_nothing_more()
    {
        var server = app.Server;
        await using var leaving = await server.Listen("?channel=jobs");
        await using var staying = await server.Listen("?channel=jobs");

        var first = await server.PostJobAsync(LiveScenarios.AUniqueJob("Before Leaving"));
        (await leaving.WaitForJobs([first.Id], 1)).Single().Method.ShouldBe("job_created");

        (await leaving.Unsubscribe("jobs")).ShouldBeTrue();
        (await leaving.Unsubscribe("jobs")).ShouldBeFalse("there is nothing left to leave");
        var countAfterLeaving = leaving.Received.Count;

        var second = await server.PostJobAsync(LiveScenarios.AUniqueJob("After Leaving"));
        await server.EditJobAsync(second.Id, LiveScenarios.AUniqueJob("After Leaving Edited"));
        await server.DeleteJobAsync(first.Id);

        (await staying.WaitForJobs([first.Id, second.Id], 4)).Select(x => x.Method)
            .ShouldBe(["job_created", "job_created", "job_updated", "job_deleted"]);
        (await leaving.Quiet()).Count.ShouldBe(countAfterLeaving, "nothing may arrive after Unsubscribe");
        leaving.Connection.State.ShouldBe(HubConnectionState.Connected);

        // Joining again works, and only what happens from then on arrives.
        await leaving.Subscribe("jobs");
        await server.DeleteJobAsync(second.Id);
        (await leaving.WaitForJobs([second.Id], 1)).Single().Method.ShouldBe("job_deleted");
        LiveProbe.About(leaving.Received, [first.Id, second.Id]).Select(x => x.Method).ShouldBe(["job_created", "job_deleted"]);
    }

    [Fact]
    public async Task subscribing_again_replaces_the_subscription_instead_of_doubling_it()
    {
        var server = app.Server;
        await using var probe = await server.Listen("?channel=jobs");
        await probe.Subscribe("jobs");
        await probe.Subscribe("jobs", new { remote = true });

        var office = await server.PostJobAsync(LiveScenarios.AUniqueJob("Office Only"));
        var remote = await server.PostJobAsync(LiveScenarios.AUniqueJob("Remote Only") with { Remote = true });

        var received = await probe.WaitForJobs([office.Id, remote.Id], 1);
        (await probe.Quiet()).ShouldNotContain(x => x.Method.StartsWith("job_") && x.Payload.ItemId() == office.Id,
            "the last Subscribe's filter applies, not the first one's");
        LiveProbe.About(probe.Received, [office.Id, remote.Id]).Select(x => (x.Method, x.Payload.ItemId()))
            .ShouldBe([("job_created", remote.Id)], "one push per change, not one per Subscribe");
        received.Count.ShouldBe(1);
    }
}
