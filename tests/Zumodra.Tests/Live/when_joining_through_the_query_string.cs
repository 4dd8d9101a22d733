using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Zumodra.Tests.Infrastructure;

namespace Zumodra.Tests.Live;

/// <summary>
/// A channel named in the query string is joined only once the SignalR handshake is done, a moment after the connection
/// request arrived. Here that moment is stretched: over server-sent events the client's handshake travels in a separate
/// POST, which the client's own HTTP handler holds back until the test lets it go.
/// </summary>
[Collection(LiveCollection.Name)]
[Trait("Category", "Process")]
public sealed class when_joining_through_the_query_string(LiveApp app)
{
    private LiveServer Server => app.Server;

    [Fact]
    public async Task a_change_pushed_between_the_connection_request_and_the_join_still_arrives_once()
    {
        await using var witness = await Server.Listen("?channel=jobs");
        var sends = new HeldSends();
        await using var late = new LiveProbe(new HubConnectionBuilder()
            .WithUrl(new Uri(Server.BaseAddress, "/hubs/live?channel=jobs"), options =>
            {
                options.Transports = HttpTransportType.ServerSentEvents;
                options.HttpMessageHandlerFactory = inner => new HoldingHandler(inner, sends);
            })
            .Build());

        var starting = late.StartAsync();
        await sends.FirstHeld.WaitAsync(TimeSpan.FromSeconds(10));
        var job = (await Server.PostJobAsync(LiveScenarios.AUniqueJob("Between Request And Join"))).Id;
        await witness.WaitForJobs([job], 1);
        sends.Release();
        await starting.WaitAsync(TimeSpan.FromSeconds(10));

        var after = (await Server.PostJobAsync(LiveScenarios.AUniqueJob("After The Join"))).Id;
        var received = await late.WaitForJobs([job, after], 2, TimeSpan.FromSeconds(5));
        received.Select(x => (x.Method, x.Payload.ItemId())).ShouldBe([("job_created", job), ("job_created", after)]);
        LiveProbe.About(await late.Quiet(), [job, after]).Count.ShouldBe(2, "each change exactly once");
    }

    /// <summary>The client's sends (POSTs, the handshake first among them), held until <see cref="Release"/>.</summary>
    private sealed class HeldSends
    {
        private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task FirstHeld => _held.Task;

        public void Release() => _released.TrySetResult();

        public async Task Hold()
        {
            _held.TrySetResult();
            await _released.Task;
        }
    }

    private sealed class HoldingHandler(HttpMessageHandler inner, HeldSends sends) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Post && !request.RequestUri!.AbsolutePath.EndsWith("/negotiate", StringComparison.Ordinal))
                await sends.Hold();
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
