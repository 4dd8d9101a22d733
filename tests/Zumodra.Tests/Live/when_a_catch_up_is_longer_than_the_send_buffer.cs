using Microsoft.AspNetCore.SignalR.Client;
using Zumodra.Tests.Infrastructure;

namespace Zumodra.Tests.Live;

/// <summary>A client reconnecting after missing more changes than its send buffer holds (5), though fewer than MaxCatchUpEvents.</summary>
[Trait("Category", "Process")]
public sealed class when_a_catch_up_is_longer_than_the_send_buffer : IAsyncLifetime
{
    private LiveServer _server = null!;

    private LiveServer Server => _server;

    public async Task InitializeAsync() =>
        _server = await LiveServer.StartAsync("livebuffer", new() { ["Zumodra:Live:SendBufferPerConnection"] = "5" });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task a_catch_up_longer_than_the_send_buffer_is_replayed_in_full()
    {
        await using var witness = await Server.Listen("?channel=jobs");
        var seen = (await Server.PostJobAsync(LiveScenarios.AUniqueJob("Seen"))).Id;
        var last = (await witness.WaitForJobs([seen], 1)).Single().Payload.Sequence();
        var missed = new List<Guid>();
        for (var i = 0; i < 8; i++) missed.Add((await Server.PostJobAsync(LiveScenarios.AUniqueJob($"Missed {i}"))).Id);
        var expected = (await witness.WaitForJobs(missed, 8)).Sequences();

        await using var byQuery = await Server.Listen($"?channel=jobs&after={last}");
        (await byQuery.WaitFor(8)).Sequences().ShouldBe(expected);
        byQuery.Connection.State.ShouldBe(HubConnectionState.Connected);

        await using var bySubscribe = await Server.Listen();
        (await bySubscribe.Subscribe("jobs", null, last)).GetProperty("replayed").GetInt32().ShouldBe(8);
        (await bySubscribe.WaitFor(8)).Sequences().ShouldBe(expected);
    }
}
