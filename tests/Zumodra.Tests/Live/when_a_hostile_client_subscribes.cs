using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Zumodra.BuildingBlocks;
using Zumodra.Tests.Companies;
using Zumodra.Tests.Infrastructure;

namespace Zumodra.Tests.Live;

/// <summary>
/// The searches that once froze a whole channel (PostgreSQL refused their tsquery in the relay, which then retried): each
/// is now either refused with <c>invalid_filters</c> or a working subscription, and an unfiltered viewer of the channel
/// receives a new item promptly while the hostile connection stays open.
/// </summary>
[Trait("Category", "Process")]
[Collection(LiveCollection.Name)]
public sealed class when_a_hostile_client_subscribes(LiveApp app)
{
    /// <summary>Far less than the 9 to 13 s the frozen relay took, and far more than a push takes.</summary>
    private static readonly TimeSpan Promptly = TimeSpan.FromSeconds(5);

    private LiveServer Server => app.Server;

    private static string Dashes(int count) => new('-', count);

    /// <summary>Posts an item on <paramref name="channel"/> and returns its id and the method announcing it.</summary>
    private async Task<(Guid Id, string Created)> PostAsync(string channel)
    {
        if (channel == "jobs") return ((await Server.PostJobAsync(LiveScenarios.AUniqueJob("Despite Hostile"))).Id, "job_created");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/companies") { Content = JsonContent.Create(CompanyScenarios.ACompany(CompanyScenarios.Unique("Hostile"))) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Server.AdminToken);
        var response = await Server.Http.SendAsync(request);
        response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync());
        return ((await response.Content.ReadFromJsonAsync<Written>())!.Id, "company_created");
    }

    private static bool Saw(List<(string Method, System.Text.Json.JsonElement Payload)> pushes, string method, Guid id) =>
        pushes.Any(x => x.Method == method && x.Payload.ItemId() == id);

    /// <summary>
    /// While <paramref name="hostile"/> stays connected, an unfiltered viewer receives a new item promptly; the hostile
    /// connection receives it too exactly when <paramref name="hostileSeesIt"/> (a working subscription whose search
    /// sanitized to nothing sees everything; a refused one sees nothing).
    /// </summary>
    private async Task ItemsStillFlow(string channel, LiveProbe hostile, bool hostileSeesIt)
    {
        await using var viewer = await Server.Listen($"?channel={channel}");
        var (id, created) = await PostAsync(channel);
        var seen = await viewer.WaitUntil(all => Saw(all, created, id), Promptly);
        Saw(seen, created, id).ShouldBeTrue($"an unfiltered viewer of {channel} receives a new item within {Promptly.TotalSeconds} s");
        hostile.Connection.State.ShouldBe(HubConnectionState.Connected);
        var hostileSaw = hostileSeesIt ? await hostile.WaitUntil(all => Saw(all, created, id), Promptly) : await hostile.Quiet(TimeSpan.FromMilliseconds(200));
        Saw(hostileSaw, created, id).ShouldBe(hostileSeesIt);
    }

    [Theory]
    [InlineData("jobs")]
    [InlineData("companies")]
    public async Task joining_with_a_search_of_40_dashes_is_an_unfiltered_subscription_and_holds_nobody_up(string channel)
    {
        await using var hostile = await Server.Listen($"?channel={channel}&search={Dashes(40)}");
        // Nothing searchable is left of the dashes, as in the browse API: the subscription sees everything.
        await ItemsStillFlow(channel, hostile, hostileSeesIt: true);
        hostile.Received.ShouldNotContain(x => x.Method == "error");
    }

    [Theory]
    [InlineData("jobs")]
    [InlineData("companies")]
    public async Task joining_with_a_nul_in_the_search_is_invalid_filters_and_holds_nobody_up(string channel)
    {
        await using var hostile = await Server.Listen($"?channel={channel}&search=a%00");
        var error = (await hostile.WaitFor(1)).ShouldHaveSingleItem();
        error.Method.ShouldBe("error");
        error.Payload.GetProperty("code").GetString().ShouldBe("invalid_filters");
        error.Payload.GetProperty("field").GetString().ShouldBe("search");
        await ItemsStillFlow(channel, hostile, hostileSeesIt: false);
    }

    [Theory]
    [InlineData("jobs", false)]
    [InlineData("jobs", true)]
    [InlineData("companies", false)]
    [InlineData("companies", true)]
    public async Task subscribing_with_a_search_of_50_dashes_works_and_holds_nobody_up(string channel, bool catchingUp)
    {
        await using var hostile = await Server.Listen();
        // With a sequence, as the page's client subscribes: the catch-up once failed and still left the subscription behind.
        var subscribed = await hostile.Subscribe(channel, new { search = Dashes(50) }, catchingUp ? 1 : null);
        subscribed.GetProperty("channel").GetString().ShouldBe(channel);
        await ItemsStillFlow(channel, hostile, hostileSeesIt: true);
    }

    [Fact]
    public async Task a_search_of_many_terms_and_operators_is_cut_to_what_the_browse_api_searches_and_holds_nobody_up()
    {
        var hostileSearch = string.Join(' ', Enumerable.Range(0, 40).Select(i => $"\"zq{i} or\" or {Dashes(3)} zw{i} -"))[..200];
        await using var hostile = await Server.Listen();
        await hostile.Subscribe("jobs", new { search = hostileSearch }, 1);
        // The job matches none of the hostile search's words.
        await ItemsStillFlow("jobs", hostile, hostileSeesIt: false);
        hostile.Received.ShouldNotContain(x => x.Method == "error");
    }

    [Fact]
    public async Task a_refused_subscribe_keeps_nothing_and_the_refusal_names_the_field()
    {
        await using var hostile = await Server.Listen();
        var refused = await Should.ThrowAsync<HubException>(() => hostile.Subscribe("jobs", new { search = "a\u0000" }, 1));
        refused.Message.ShouldContain("invalid_filters:");
        var error = (await hostile.WaitFor(1)).ShouldHaveSingleItem();
        error.Payload.GetProperty("field").GetString().ShouldBe("search");
        await ItemsStillFlow("jobs", hostile, hostileSeesIt: false);
    }
}
