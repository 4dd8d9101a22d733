using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Zumodra.Tests.Live;

[Collection(LiveCollection.Name)]
[Trait("Category", "Process")]
public sealed class when_a_client_asks_for_something_wrong(LiveApp app)
{
    /// <summary>The connection is still open and usable: it can subscribe and then receives a new job.</summary>
    private async Task ShouldStillBeUsable(LiveProbe probe)
    {
        probe.Connection.State.ShouldBe(HubConnectionState.Connected);
        (await probe.Subscribe("jobs")).GetProperty("channel").GetString().ShouldBe("jobs");
        var job = (await app.Server.PostJobAsync(LiveScenarios.AUniqueJob("Still Usable"))).Id;
        (await probe.WaitForJobs([job], 1)).ShouldHaveSingleItem().Method.ShouldBe("job_created");
    }

    /// <summary>Posts a job and waits until it was relayed; a connection that joined nothing must not have received it.</summary>
    private async Task ShouldReceiveNothing(LiveProbe probe)
    {
        await using var witness = await app.Server.Listen("?channel=jobs");
        var job = (await app.Server.PostJobAsync(LiveScenarios.AUniqueJob("Not For The Unsubscribed"))).Id;
        (await witness.WaitForJobs([job], 1)).Count.ShouldBe(1);
        LiveProbe.About(await probe.Quiet(TimeSpan.FromMilliseconds(200)), [job]).ShouldBeEmpty("a failed join subscribes to nothing");
    }

    private static async Task<string> Refusal(Func<Task> invocation, string code)
    {
        var refused = await Should.ThrowAsync<HubException>(invocation);
        refused.Message.ShouldContain($"{code}:");
        return refused.Message;
    }

    [Fact]
    public async Task subscribing_to_an_unknown_channel_is_a_hub_error_and_the_connection_stays_usable()
    {
        await using var probe = await app.Server.Listen();
        var message = await Refusal(() => probe.Subscribe("nope"), "unknown_channel");
        message.ShouldContain("jobs", customMessage: "the error names the channels there are");
        (await Refusal(() => probe.Unsubscribe("nope"), "unknown_channel")).ShouldContain("nope");
        await ShouldStillBeUsable(probe);
    }

    [Fact]
    public async Task joining_an_unknown_channel_by_query_string_pushes_an_error_and_keeps_the_connection()
    {
        await using var probe = await app.Server.Listen("?channel=nope");
        var error = (await probe.WaitFor(1)).ShouldHaveSingleItem();
        error.Method.ShouldBe("error");
        error.Payload.GetProperty("code").GetString().ShouldBe("unknown_channel");
        error.Payload.GetProperty("message").GetString()!.ShouldContain("nope");

        await ShouldReceiveNothing(probe);
        await ShouldStillBeUsable(probe);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-5")]
    [InlineData("1.5")]
    public async Task joining_with_an_after_that_is_not_a_sequence_pushes_invalid_after(string after)
    {
        await using var probe = await app.Server.Listen($"?channel=jobs&after={after}");
        var error = (await probe.WaitFor(1)).ShouldHaveSingleItem();
        error.Method.ShouldBe("error");
        error.Payload.GetProperty("code").GetString().ShouldBe("invalid_after");
        await ShouldReceiveNothing(probe);
        await ShouldStillBeUsable(probe);
    }

    [Fact]
    public async Task a_negative_after_sequence_is_invalid_after()
    {
        await using var probe = await app.Server.Listen();
        await Refusal(() => probe.Subscribe("jobs", null, -1), "invalid_after");
        await ShouldStillBeUsable(probe);
    }

    [Fact]
    public async Task filters_that_are_not_an_object_or_name_an_unknown_filter_are_invalid_filters()
    {
        await using var probe = await app.Server.Listen();
        await Refusal(() => probe.Subscribe("jobs", 42), "invalid_filters");
        await Refusal(() => probe.Subscribe("jobs", "remote"), "invalid_filters");
        await Refusal(() => probe.Subscribe("jobs", new[] { "remote" }), "invalid_filters");
        (await Refusal(() => probe.Subscribe("jobs", new { salary = 5 }), "invalid_filters")).ShouldContain("'salary'");
        (await Refusal(() => probe.Subscribe("jobs", new { type = new object[] { "contract", 3 } }), "invalid_filters")).ShouldContain("'type'");
        (await Refusal(() => probe.Subscribe("jobs", new { location = new { city = "Berlin" } }), "invalid_filters")).ShouldContain("'location'");
        (await Refusal(() => probe.Subscribe("jobs", new { search = new string('x', 201) }), "invalid_filters")).ShouldContain("200");

        // A refused Subscribe leaves no subscription behind.
        await ShouldReceiveNothing(probe);
        await ShouldStillBeUsable(probe);
    }

    [Fact]
    public async Task an_over_long_filter_in_the_query_string_pushes_invalid_filters()
    {
        await using var probe = await app.Server.Listen($"?channel=jobs&search={new string('x', 300)}");
        var error = (await probe.WaitFor(1)).ShouldHaveSingleItem();
        error.Method.ShouldBe("error");
        error.Payload.GetProperty("code").GetString().ShouldBe("invalid_filters");
        await ShouldStillBeUsable(probe);
    }

    [Fact]
    public async Task a_message_over_the_size_limit_closes_that_connection_with_an_error_and_others_are_still_served()
    {
        await using var other = await app.Server.Listen("?channel=jobs");
        await using var oversized = await app.Server.Listen("?channel=jobs");

        var sending = oversized.Subscribe("jobs", new { search = new string('x', 20 * 1024) });
        var closedWith = await oversized.Closed.WaitAsync(TimeSpan.FromSeconds(30));
        closedWith.ShouldNotBeNull("the server closes the connection with an error, not cleanly");
        oversized.Connection.State.ShouldBe(HubConnectionState.Disconnected);
        await Should.ThrowAsync<Exception>(() => sending);

        var job = (await app.Server.PostJobAsync(LiveScenarios.AUniqueJob("After Oversized"))).Id;
        (await other.WaitForJobs([job], 1)).ShouldHaveSingleItem().Method.ShouldBe("job_created");
        await using var fresh = await app.Server.Listen();
        await ShouldStillBeUsable(fresh);
    }

    [Fact]
    public async Task a_message_just_under_the_size_limit_is_accepted()
    {
        await using var probe = await app.Server.Listen();
        // About 14 KiB in one message: under MaxClientMessageBytes (16 KiB), and valid by the browse API's rules.
        var types = Enumerable.Repeat("full_time", 1200).ToArray();
        var subscribed = await probe.Subscribe("jobs", new { type = types });
        subscribed.GetProperty("channel").GetString().ShouldBe("jobs");
        JsonSerializer.Serialize(types).Length.ShouldBeInRange(14_000, 16_000);
        probe.Connection.State.ShouldBe(HubConnectionState.Connected);
    }

    public static TheoryData<string, string, object> FiltersTheBrowseApiRefuses => new()
    {
        { "jobs", "search", new { search = "a\u0000" } },
        { "jobs", "location", new { location = "Berlin\u001b[2J" } },
        { "jobs", "category", new { category = "Engineering\u202e" } },
        { "jobs", "type", new { type = new[] { "full_time", "permanent" } } },
        { "jobs", "type", new { type = "full_time,permanent" } },
        { "jobs", "remote", new { remote = "maybe" } },
        { "jobs", "remote", new { remote = 1 } },
        { "jobs", "location", new { location = new[] { "Berlin", "Paris" } } },
        { "jobs", "search", new { search = new string('x', 201) } },
        { "jobs", "companyId", new { companyId = "acme" } },
        { "projects", "companyId", new { companyId = "not-a-uuid" } },
        { "companies", "industry", new { industry = "Robotics\u0000" } },
        { "companies", "search", new { search = new string('y', 201) } },
    };

    [Theory]
    [MemberData(nameof(FiltersTheBrowseApiRefuses))]
    public async Task subscribing_with_filters_the_browse_api_refuses_is_invalid_filters_naming_the_field_and_registers_nothing(
        string channel, string field, object filters)
    {
        await using var probe = await app.Server.Listen();
        (await Refusal(() => probe.Subscribe(channel, filters, 0), "invalid_filters")).ShouldContain(field);
        var error = (await probe.WaitUntil(all => all.Any(x => x.Method == "error"))).ShouldHaveSingleItem();
        error.Payload.GetProperty("code").GetString().ShouldBe("invalid_filters");
        error.Payload.GetProperty("field").GetString().ShouldBe(field);
        await ShouldReceiveNothing(probe);
        await ShouldStillBeUsable(probe);
    }

    [Theory]
    [InlineData("search=a%00", "search")]
    [InlineData("location=Berlin%1B", "location")]
    [InlineData("category=%E2%80%AEgnireenignE", "category")]
    [InlineData("type=permanent", "type")]
    [InlineData("remote=maybe", "remote")]
    [InlineData("location=Berlin&location=Paris", "location")]
    [InlineData("companyId=acme", "companyId")]
    public async Task joining_with_filters_the_browse_api_refuses_pushes_invalid_filters_naming_the_field(string filters, string field)
    {
        await using var probe = await app.Server.Listen($"?channel=jobs&{filters}");
        var error = (await probe.WaitFor(1)).ShouldHaveSingleItem();
        error.Method.ShouldBe("error");
        error.Payload.GetProperty("code").GetString().ShouldBe("invalid_filters");
        error.Payload.GetProperty("field").GetString().ShouldBe(field);
        await ShouldReceiveNothing(probe);
        await ShouldStillBeUsable(probe);
    }
}
