using System.Net;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Zumodra.Tests.Infrastructure;
using Zumodra.Tests.Live;

namespace Zumodra.Tests.Cluster;

/// <summary>The per-address live limits count across the nodes (in their shared Redis), not per node.</summary>
[Collection(ClusterCollection.Name)]
[Trait("Category", "Process")]
public sealed class when_one_address_connects_to_both_nodes(TwoNodes cluster)
{

    private static async Task<LiveProbe> ListenAs(LiveServer node, string address) =>
        await new LiveProbe(new HubConnectionBuilder()
            .WithUrl(new Uri(node.BaseAddress, "/hubs/live?channel=jobs"), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.Headers["X-Forwarded-For"] = address;
            })
            .Build()).StartAsync();

    private static async Task ShouldBeRefused(LiveServer node, string address)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/hubs/live?id=anything");
        request.Headers.Add("X-Forwarded-For", address);
        var response = await node.Http.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests, await response.Content.ReadAsStringAsync());
        response.Headers.RetryAfter.ShouldNotBeNull();
    }

    [Fact]
    public async Task five_connections_spread_over_the_nodes_use_up_the_address_on_both_and_a_closed_one_frees_a_slot_on_either()
    {
        var address = ClientAddresses.Any();
        var open = new List<LiveProbe>();
        try
        {
            for (var i = 0; i < 5; i++) open.Add(await ListenAs(i < 3 ? cluster.A : cluster.B, address));

            await ShouldBeRefused(cluster.A, address);
            await ShouldBeRefused(cluster.B, address);

            await open[0].DisposeAsync();
            open.RemoveAt(0);
            // The slot is released once the node has finished the closed request, a moment after the close returned.
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (true)
            {
                try
                {
                    open.Add(await ListenAs(cluster.B, address));
                    break;
                }
                catch (HttpRequestException refused) when (refused.StatusCode == HttpStatusCode.TooManyRequests && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(50);
                }
            }
        }
        finally
        {
            foreach (var probe in open) await probe.DisposeAsync();
        }
    }
}
