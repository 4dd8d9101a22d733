using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Zumodra.Tests.Infrastructure;

namespace Zumodra.Tests.Live;

/// <summary>The default limits: 5 live connections per IP, 60 hub invocations per connection per minute.</summary>
[Collection(LimitedLiveCollection.Name)]
[Trait("Category", "Process")]
public sealed class when_limiting_clients(LimitedLiveApp app)
{
    private LiveServer Server => app.Server;

    private Uri WebSocketUri(string query = "") =>
        new UriBuilder(Server.BaseAddress) { Scheme = "ws", Path = "/hubs/live", Query = query }.Uri;

    /// <summary>Tries a raw WebSocket connection; returns the socket (open) or the refusal's HTTP status and headers.</summary>
    private async Task<ClientWebSocket> TryRawWebSocket(Action<ClientWebSocketOptions>? configure = null)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        configure?.Invoke(socket.Options);
        try
        {
            await socket.ConnectAsync(WebSocketUri("channel=jobs"), CancellationToken.None);
        }
        catch (WebSocketException)
        {
            // Refused: the status and headers are on the socket.
        }
        return socket;
    }

    /// <summary>The refusal the brief promises: 429 with a Retry-After in whole seconds, before any upgrade.</summary>
    private static void ShouldBeRefused(ClientWebSocket socket)
    {
        socket.HttpStatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        socket.State.ShouldNotBe(WebSocketState.Open);
        socket.HttpResponseHeaders.ShouldNotBeNull().ShouldContainKey("Retry-After");
        int.Parse(socket.HttpResponseHeaders["Retry-After"].Single()).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task five_connections_from_one_ip_are_served_and_a_sixth_is_refused_with_429_until_one_closes()
    {
        var open = new List<LiveProbe>();
        try
        {
            for (var i = 0; i < 5; i++) open.Add(await Server.Listen("?channel=jobs"));

            using (var raw = await TryRawWebSocket()) ShouldBeRefused(raw);
            await using (var sixth = Server.Connect("?channel=jobs"))
            {
                var refused = await Should.ThrowAsync<Exception>(() => sixth.StartAsync());
                refused.ToString().ShouldContain("429");
                sixth.State.ShouldBe(HubConnectionState.Disconnected);
            }
            var get = await Server.Http.GetAsync("/hubs/live?id=anything");
            get.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests, "a server-sent-events (or long) GET is a connection too");
            get.Headers.RetryAfter.ShouldNotBeNull().Delta.ShouldNotBeNull().ShouldBeGreaterThan(TimeSpan.Zero);
            get.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");

            // The five are unaffected by the refusals.
            var job = (await Server.PostJobAsync(LiveScenarios.AUniqueJob("Five Listeners"))).Id;
            foreach (var probe in open)
            {
                if ((await probe.WaitForJobs([job], 1)).Count == 1) continue;
                var closed = probe.Closed.IsCompleted ? (await probe.Closed)?.ToString() ?? "cleanly" : "no";
                Assert.Fail($"A listener missed the job: received [{string.Join(", ", probe.Received.Select(x => x.Method))}], " +
                    $"closed: {closed}; the server's last lines:\n{Server.RecentOutput()}");
            }

            // Closing one frees its slot (once the server has finished that connection).
            await open[0].DisposeAsync();
            open.RemoveAt(0);
            open.Add(await Server.Listen("?channel=jobs"));
            using (var raw = await TryRawWebSocket()) ShouldBeRefused(raw);
        }
        finally
        {
            foreach (var probe in open) await probe.DisposeAsync();
        }
    }

    [Fact]
    public async Task an_x_forwarded_for_header_from_an_untrusted_client_does_not_buy_another_connection()
    {
        var open = new List<LiveProbe>();
        try
        {
            for (var i = 0; i < 5; i++) open.Add(await Server.Listen("?channel=jobs"));

            using var spoofed = await TryRawWebSocket(options => options.SetRequestHeader("X-Forwarded-For", "203.0.113.7"));
            ShouldBeRefused(spoofed);

            using var request = new HttpRequestMessage(HttpMethod.Get, "/hubs/live?id=anything");
            request.Headers.Add("X-Forwarded-For", "198.51.100.23, 203.0.113.8");
            (await Server.Http.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        }
        finally
        {
            foreach (var probe in open) await probe.DisposeAsync();
        }
    }

    [Fact]
    public async Task server_sent_events_connections_count_against_the_same_limit()
    {
        var open = new List<HubConnection>();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                var connection = new HubConnectionBuilder()
                    .WithUrl(new Uri(Server.BaseAddress, "/hubs/live?channel=jobs"), options =>
                        options.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.ServerSentEvents)
                    .Build()
                    .Tolerant();
                open.Add(connection);
                var deadline = DateTime.UtcNow.AddSeconds(10);
                while (true)
                {
                    try
                    {
                        await connection.StartAsync();
                        break;
                    }
                    catch (Exception refused) when (refused.ToString().Contains("429") && DateTime.UtcNow < deadline)
                    {
                        await Task.Delay(50);
                    }
                }
            }

            using var raw = await TryRawWebSocket();
            ShouldBeRefused(raw);
        }
        finally
        {
            foreach (var connection in open) await connection.DisposeAsync();
        }
    }

    [Fact]
    public async Task the_sixty_first_invocation_within_a_minute_is_refused_and_the_connection_stays_usable()
    {
        await using var busy = await Server.Listen("?channel=jobs");
        await using var calm = await Server.Listen("");

        for (var i = 0; i < 60; i++)
            (await busy.Subscribe("jobs")).GetProperty("channel").GetString().ShouldBe("jobs");
        var refused = await Should.ThrowAsync<HubException>(() => busy.Subscribe("jobs"));
        refused.Message.ShouldContain("rate_limited");
        refused.Message.ShouldMatch(@"retry after \d+ s");
        (await Should.ThrowAsync<HubException>(() => busy.Unsubscribe("jobs"))).Message.ShouldContain("rate_limited");

        busy.Connection.State.ShouldBe(HubConnectionState.Connected);
        var job = (await Server.PostJobAsync(LiveScenarios.AUniqueJob("Still Pushed"))).Id;
        (await busy.WaitForJobs([job], 1)).ShouldHaveSingleItem().Method.ShouldBe("job_created");

        // The limit is per connection.
        (await calm.Subscribe("jobs")).GetProperty("replayed").GetInt32().ShouldBe(0);
    }
}
