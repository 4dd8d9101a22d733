using Yarp.ReverseProxy.Configuration;

// The load balancer of scripts/cluster.sh: YARP in front of the nodes named by Zumodra:Nodes (e.g. Zumodra__Nodes__0=
// http://127.0.0.1:5081). Round robin per visitor; an affinity cookie keeps a browser's SignalR negotiation and its
// connection on one node, and an active health check takes a dead node out (its visitors move to another). The nodes
// trust it for X-Forwarded-For, which YARP sets, so their per-address limits see the visitors' addresses.
var builder = WebApplication.CreateBuilder(args);
var nodes = builder.Configuration.GetSection("Zumodra:Nodes").Get<string[]>() is { Length: > 0 } configured
    ? configured
    : throw new InvalidOperationException("Zumodra:Nodes names no node (e.g. Zumodra__Nodes__0=http://127.0.0.1:5081).");

builder.Services.AddReverseProxy().LoadFromMemory(
    [
        new RouteConfig { RouteId = "site", ClusterId = "nodes", Match = new RouteMatch { Path = "{**path}" } },
    ],
    [
        new ClusterConfig
        {
            ClusterId = "nodes",
            LoadBalancingPolicy = "RoundRobin",
            SessionAffinity = new SessionAffinityConfig { Enabled = true, AffinityKeyName = "zumodra-node" },
            HealthCheck = new HealthCheckConfig
            {
                Active = new ActiveHealthCheckConfig { Enabled = true, Interval = TimeSpan.FromSeconds(2), Timeout = TimeSpan.FromSeconds(2), Path = "/health" },
            },
            Destinations = nodes.Select((address, i) => (address, i))
                .ToDictionary(node => $"node{node.i + 1}", node => new DestinationConfig { Address = node.address }),
        },
    ]);

var app = builder.Build();
app.MapReverseProxy();
app.Run();
