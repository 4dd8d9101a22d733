using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Zumodra.Tests.Infrastructure;
using Zumodra.Tests.Live;

namespace Zumodra.Tests.RateLimiting;

/// <summary>
/// A server behind a trusted proxy (127.0.0.1), so that each test speaks for client addresses of its own and spends
/// their budgets without touching the other tests'. Default limits, except a catch-up of at most 20 changes and a
/// replay budget of 100 changes per address per minute, which a few jobs can exhaust.
/// </summary>
public sealed class LiveBudgetsApp : IAsyncLifetime
{
    public const int MaxCatchUpEvents = 20;
    public const int MaxCatchUpEventsPerIpPerMinute = 100;

    public LiveServer Server { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Server = await LiveServer.StartAsync("livebudgets", new()
        {
            ["Zumodra:TrustedProxies:0"] = "127.0.0.1",
            ["Zumodra:Live:MaxCatchUpEvents"] = $"{MaxCatchUpEvents}",
            ["Zumodra:Live:MaxCatchUpEventsPerIpPerMinute"] = $"{MaxCatchUpEventsPerIpPerMinute}",
        });

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class LiveBudgetsCollection : ICollectionFixture<LiveBudgetsApp>
{
    public const string Name = "live-budgets";
}

/// <summary>The per-address budgets of the live hub, which reconnecting does not renew.</summary>
[Trait("Category", "Process")]
[Collection(LiveBudgetsCollection.Name)]
public sealed class when_one_address_spends_its_live_budgets(LiveBudgetsApp app)
{
    private LiveServer Server => app.Server;

    private async Task<LiveProbe> ListenAs(string address, string query = "", HttpTransportType transport = HttpTransportType.WebSockets) =>
        await new LiveProbe(new HubConnectionBuilder()
            .WithUrl(new Uri(Server.BaseAddress, "/hubs/live" + query), options =>
            {
                options.Transports = transport;
                options.Headers["X-Forwarded-For"] = address;
            })
            .Build()).StartAsync();

    /// <summary>
    /// Connects as <paramref name="address"/> once the server has let go of that address's connections just closed: a
    /// closed client's slot is freed when the server sees the close, which on a busy machine comes a moment later.
    /// </summary>
    private async Task<LiveProbe> ListenOnceFreedAs(string address, string query = "")
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                return await ListenAs(address, query);
            }
            catch (HttpRequestException e) when (e.StatusCode == HttpStatusCode.TooManyRequests && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    private static void ShouldBeProblem429(HttpResponseMessage response, string body)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests, body);
        response.Headers.RetryAfter.ShouldNotBeNull().Delta.ShouldNotBeNull().ShouldBeGreaterThan(TimeSpan.Zero);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = JsonDocument.Parse(body).RootElement;
        problem.GetProperty("status").GetInt32().ShouldBe(429);
        // A browser cannot read the headers of a refused negotiation through the SignalR client, but it reads the body.
        problem.GetProperty("retryAfter").GetInt32().ShouldBe((int)response.Headers.RetryAfter.Delta!.Value.TotalSeconds);
    }

    [Fact]
    public async Task connecting_again_does_not_renew_the_calls_budget_of_an_address()
    {
        var address = ClientAddresses.Any();
        // The per-connection budget is 60 a minute; five connections one after another spend the address's 300.
        for (var loop = 0; loop < 5; loop++)
        {
            await using var probe = await ListenAs(address);
            for (var call = 0; call < 60; call++) await probe.Subscribe("jobs");
        }

        await using var again = await ListenOnceFreedAs(address);
        var refused = await Should.ThrowAsync<HubException>(() => again.Subscribe("jobs"));
        refused.Message.ShouldContain("rate_limited:");
        refused.Message.ShouldContain("from one address");
        refused.Message.ShouldMatch(@"retry after \d+ s");
        again.Connection.State.ShouldBe(HubConnectionState.Connected);

        await using var other = await ListenAs(ClientAddresses.Any());
        (await other.Subscribe("jobs")).GetProperty("channel").GetString().ShouldBe("jobs", "another address has a budget of its own");
    }

    [Fact]
    public async Task replaying_from_the_start_again_and_again_runs_out_of_the_replay_budget_and_registers_nothing_past_it()
    {
        for (var i = 0; i < LiveBudgetsApp.MaxCatchUpEvents; i++) await Server.PostJobAsync(LiveScenarios.AUniqueJob("Replayed"));
        var address = ClientAddresses.Any();

        // Five connections replaying everything from sequence 0, as the abusive loops did.
        var loops = new List<LiveProbe>();
        HubException? refused = null;
        var replayed = 0;
        try
        {
            for (var i = 0; i < 5; i++) loops.Add(await ListenAs(address));
            for (var round = 0; round < 20 && refused is null; round++)
                foreach (var loop in loops)
                {
                    try
                    {
                        var answer = await loop.Subscribe("jobs", null, 0);
                        replayed += answer.GetProperty("reloadRequired").GetBoolean() ? LiveBudgetsApp.MaxCatchUpEvents : answer.GetProperty("replayed").GetInt32();
                    }
                    catch (HubException e)
                    {
                        refused = e;
                        break;
                    }
                }

            refused.ShouldNotBeNull("the replay budget runs out");
            refused.Message.ShouldContain("rate_limited:");
            replayed.ShouldBeLessThanOrEqualTo(LiveBudgetsApp.MaxCatchUpEventsPerIpPerMinute + LiveBudgetsApp.MaxCatchUpEvents, "at most one catch-up past the budget");
        }
        finally
        {
            foreach (var loop in loops) await loop.DisposeAsync();
        }

        // A fresh connection of that address: refused before anything is registered, and told when to retry.
        await using var fresh = await ListenOnceFreedAs(address);
        await Should.ThrowAsync<HubException>(() => fresh.Subscribe("jobs", null, 0));
        var error = (await fresh.WaitFor(1)).ShouldHaveSingleItem();
        error.Method.ShouldBe("error");
        error.Payload.GetProperty("code").GetString().ShouldBe("rate_limited");
        error.Payload.GetProperty("retryAfter").GetInt32().ShouldBeGreaterThan(0);

        await using var joining = await ListenOnceFreedAs(address, "?channel=jobs&after=0");
        var pushed = (await joining.WaitFor(1)).ShouldHaveSingleItem();
        pushed.Payload.GetProperty("code").GetString().ShouldBe("rate_limited");
        pushed.Payload.GetProperty("retryAfter").GetInt32().ShouldBeGreaterThan(0);

        await using var witness = await ListenAs(ClientAddresses.Any(), "?channel=jobs");
        var job = (await Server.PostJobAsync(LiveScenarios.AUniqueJob("Not For The Refused"))).Id;
        (await witness.WaitForJobs([job], 1)).Count.ShouldBe(1);
        LiveProbe.About(await fresh.Quiet(TimeSpan.FromMilliseconds(200)), [job]).ShouldBeEmpty("the refused Subscribe registered nothing");
        LiveProbe.About(joining.Received, [job]).ShouldBeEmpty("the refused join registered nothing");
    }

    [Fact]
    public async Task a_negotiation_flood_is_answered_429_and_then_connections_from_that_address_are_refused_too()
    {
        var address = ClientAddresses.Any();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 400 && refused is null; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/hubs/live/negotiate?negotiateVersion=1");
            request.Headers.Add("X-Forwarded-For", address);
            var response = await Server.Http.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.OK) continue;
            refused = response;
            i.ShouldBe(300, "the default budget is 300 attempts a minute");
        }

        refused.ShouldNotBeNull("the flood is cut off");
        ShouldBeProblem429(refused, await refused.Content.ReadAsStringAsync());
        var connecting = await Should.ThrowAsync<Exception>(() => ListenAs(address));
        connecting.ToString().ShouldContain("429");
        await using var other = await ListenAs(ClientAddresses.Any());
        other.Connection.State.ShouldBe(HubConnectionState.Connected);
    }

    [Fact]
    public async Task past_the_connection_limit_the_negotiation_is_refused_too_so_that_a_page_can_tell_why()
    {
        var address = ClientAddresses.Any();
        var open = new List<LiveProbe>();
        try
        {
            for (var i = 0; i < 4; i++) open.Add(await ListenAs(address, "?channel=jobs"));
            using (var looking = new HttpRequestMessage(HttpMethod.Post, "/hubs/live/negotiate?negotiateVersion=1"))
            {
                looking.Headers.Add("X-Forwarded-For", address);
                (await Server.Http.SendAsync(looking)).StatusCode.ShouldBe(HttpStatusCode.OK, "a negotiation only looks: it takes no slot");
            }
            open.Add(await ListenAs(address, "?channel=jobs"));

            using var request = new HttpRequestMessage(HttpMethod.Post, "/hubs/live/negotiate?negotiateVersion=1");
            request.Headers.Add("X-Forwarded-For", address);
            var response = await Server.Http.SendAsync(request);
            ShouldBeProblem429(response, await response.Content.ReadAsStringAsync());
        }
        finally
        {
            foreach (var probe in open) await probe.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("text/event-stream")]
    [InlineData("text/html")]
    [InlineData("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")]
    public async Task the_connection_past_the_limit_is_refused_with_a_429_problem_whatever_it_accepts(string accept)
    {
        var address = ClientAddresses.Any();
        var open = new List<LiveProbe>();
        try
        {
            for (var i = 0; i < 5; i++) open.Add(await ListenAs(address, "?channel=jobs"));

            using var request = new HttpRequestMessage(HttpMethod.Get, "/hubs/live?id=anything");
            request.Headers.Add("X-Forwarded-For", address);
            request.Headers.TryAddWithoutValidation("Accept", accept);
            var response = await Server.Http.SendAsync(request);
            ShouldBeProblem429(response, await response.Content.ReadAsStringAsync());
        }
        finally
        {
            foreach (var probe in open) await probe.DisposeAsync();
        }
    }
}
