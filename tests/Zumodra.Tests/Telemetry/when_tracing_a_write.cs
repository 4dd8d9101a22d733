using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Zumodra.BuildingBlocks;
using Zumodra.Tests.Infrastructure;
using Zumodra.Tests.Live;

namespace Zumodra.Tests.Telemetry;

/// <summary>
/// The application in this process, so that a listener here sees its spans, traced as with an OTLP collector configured
/// (none listens at that address: the export fails quietly), and with <c>/metrics</c> public.
/// </summary>
public sealed class TracedApp : IAsyncLifetime
{
    private static readonly HashSet<string> Sources = ["Microsoft.AspNetCore", "Wolverine", "Npgsql", "Zumodra.Live"];

    private readonly ConcurrentDictionary<ActivitySpanId, Activity> _ended = new();
    private readonly ActivityListener _listener;

    public TracedApp()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => Sources.Contains(source.Name),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => _ended[activity.SpanId] = activity,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public InProcessServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await InProcessServer.StartAsync("traced", _ => { }, new Dictionary<string, string>
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9",
        ["Zumodra:Metrics:Public"] = "true",
    });

    /// <summary>
    /// A span that matches <paramref name="match"/>, then its ancestors up to the root, once a root that is a request to
    /// this server ended (other hosts in this process number their events alike); within 30 s, else the spans found.
    /// </summary>
    public async Task<List<Activity>> LineageOf(Func<Activity, bool> match)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var lineages = _ended.Values.Where(match).Select(Lineage).ToList();
            var ours = lineages.FirstOrDefault(x => Equals(x[^1].GetTagItem("server.port"), Server.BaseAddress.Port));
            if (ours is not null) return ours;
            if (DateTime.UtcNow > deadline) return lineages.FirstOrDefault() ?? [];
            await Task.Delay(50);
        }
    }

    public List<Activity> InTrace(ActivityTraceId trace) => [.. _ended.Values.Where(x => x.TraceId == trace)];

    private List<Activity> Lineage(Activity span)
    {
        var lineage = new List<Activity> { span };
        while (_ended.GetValueOrDefault(lineage[^1].ParentSpanId) is { } parent) lineage.Add(parent);
        return lineage;
    }

    public async Task DisposeAsync()
    {
        _listener.Dispose();
        await Server.DisposeAsync();
    }
}

public sealed class when_tracing_a_write(TracedApp app) : IClassFixture<TracedApp>
{
    [Fact]
    public async Task the_http_write_the_relay_and_the_fan_out_are_one_trace_carrying_the_event_sequence()
    {
        await using var viewer = await app.Server.Listen("?channel=jobs");
        var response = await app.Server.Http.PostAsJsonAsync("/api/jobs", LiveScenarios.AUniqueJob("Traced Engineer"));
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = (await response.Content.ReadFromJsonAsync<Written>())!.Id;
        var sequence = (await viewer.WaitForJobs([id], 1)).ShouldHaveSingleItem().Payload.Sequence();

        var lineage = await app.LineageOf(x => x.OperationName == "live fan-out" && Equals(x.GetTagItem(LiveFeed.SequenceAttribute), sequence));
        var described = string.Join(" <- ", lineage.Select(x => $"{x.Source.Name}:{x.DisplayName}"));

        lineage.ShouldNotBeEmpty($"no fan-out span carries sequence {sequence}");
        lineage.Select(x => x.TraceId).Distinct().ShouldHaveSingleItem(described);
        lineage[0].GetTagItem("zumodra.live.deliveries").ShouldBe(1);
        var relay = lineage.Where(x => x.OperationName == "live relay").ShouldHaveSingleItem(described);
        relay.GetTagItem(LiveFeed.SequenceAttribute).ShouldBe(sequence);
        lineage.ShouldContain(x => x.Source.Name == "Wolverine", $"the relay continues the handling of the change's message: {described}");
        var write = lineage[^1];
        write.Source.Name.ShouldBe("Microsoft.AspNetCore", $"the trace starts at the HTTP write: {described}");
        write.Kind.ShouldBe(ActivityKind.Server);
        write.GetTagItem("http.request.method").ShouldBe("POST");
        write.GetTagItem(LiveFeed.SequenceAttribute).ShouldBe(sequence, "the write names the sequence it appended");
        app.InTrace(write.TraceId).ShouldContain(
            x => x.Source.Name == "Npgsql" && x.ParentSpanId == write.SpanId && (x.GetTagItem("db.statement") as string ?? "").Contains("insert into zumodra.mt_events"),
            "the write's span holds the append of its event");
    }

    [Fact]
    public async Task metrics_configured_public_are_served_to_anonymous_clients()
    {
        using var anonymous = new HttpClient { BaseAddress = app.Server.BaseAddress };
        (await MetricsScrape.ReadAsync(anonymous, token: null)).Has("zumodra_live_connections").ShouldBeTrue();
    }
}
