using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;
using Zumodra.BuildingBlocks;
using Zumodra.Jobs;
using Zumodra.Jobs.Browsing;
using Zumodra.Tests.Jobs;

namespace Zumodra.Tests.Admin;

/// <summary>
/// 100,000 events (25,000 jobs of four events each) written through Marten, so that the inline projection builds the
/// browse model; then that model is damaged and rebuilt through the API while visitors keep browsing and admins keep
/// writing.
/// </summary>
[Trait("Category", "Slow")]
[Collection(AdminCollection.Name)]
public sealed class when_rebuilding_a_projection(AdminApp app, ITestOutputHelper output)
{
    private const int Jobs = 25_000;
    private const int EventsPerJob = 4;
    private const int StreamsPerSave = 1_000;

    private static readonly string[] Cities = ["Berlin, Germany", "Paris, France", "Lisbon, Portugal", "Oslo, Norway", "Austin, USA"];

    /// <summary>Posted, edited, closed and reopened (open in the end), or posted, edited twice and closed (one in four).</summary>
    private static object[] Events(Guid id, int i, DateTimeOffset at)
    {
        var details = new JobDetails($"Rebuild Engineer {i}", $"Job number {i} in the rebuild test.", null, $"Company {i % 300}",
            Cities[i % Cities.Length], 40 + i % 20, -10 + i % 40, "Engineering", JobTypes.All[i % JobTypes.All.Length], i % 3 == 0,
            40_000 + i % 50 * 1000, 60_000 + i % 50 * 1000, "EUR");
        var edited = details with { Title = $"Rebuild Engineer {i} (edited)", SalaryMax = details.SalaryMax + 500 };
        return i % 4 == 0
            ? [new JobPosted(id, details, at), new JobEdited(id, edited, at.AddMinutes(1)), new JobEdited(id, edited with { Remote = !edited.Remote }, at.AddMinutes(2)), new JobClosed(id, at.AddMinutes(3))]
            : [new JobPosted(id, details, at), new JobEdited(id, edited, at.AddMinutes(1)), new JobClosed(id, at.AddMinutes(2)), new JobReopened(id, edited, at.AddMinutes(3), at.AddMinutes(3))];
    }

    private async Task<List<Guid>> Seed()
    {
        var store = app.Host.Services.GetRequiredService<IDocumentStore>();
        var clock = Stopwatch.StartNew();
        var ids = new List<Guid>(Jobs);
        var start = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);
        for (var batch = 0; batch < Jobs; batch += StreamsPerSave)
        {
            await using var session = store.LightweightSession();
            for (var i = batch; i < batch + StreamsPerSave; i++)
            {
                var at = start.AddMinutes(i);
                var id = Guid.CreateVersion7(at);
                ids.Add(id);
                session.Events.StartStream<Job>(id, Events(id, i, at));
            }
            await session.SaveChangesAsync();
        }
        output.WriteLine($"Seeded {Jobs * EventsPerJob:N0} events in {clock.Elapsed.TotalSeconds:F1} s");
        return ids;
    }

    [Fact]
    public async Task the_rebuilt_model_is_identical_and_browsing_never_stops()
    {
        var ids = await Seed();
        var table = app.TableOf<JobBrowseItem>();
        var inline = await app.Documents(table);
        inline.Count.ShouldBeGreaterThan(Jobs / 2);

        // Damage the read model: documents lost, documents changed, a document that should not exist.
        var open = ids.Where(inline.ContainsKey).ToList();
        var lost = open.Take(500).ToList();
        var changed = open.Skip(500).Take(500).ToList();
        await app.Sql($"delete from {table} where id in ({string.Join(",", lost.Select(x => $"'{x}'"))})");
        await app.Sql($"update {table} set data = jsonb_set(data, '{{Title}}', '\"damaged\"') where id in ({string.Join(",", changed.Select(x => $"'{x}'"))})");
        var stray = Guid.NewGuid();
        await app.Sql($"insert into {table} (id, data, mt_dotnet_type, mt_version) values ('{stray}', '{{\"Id\": \"{stray}\", \"Title\": \"stray\"}}', 'x', 1)");

        // Visitors browse all along.
        using var stop = new CancellationTokenSource();
        var pages = new ConcurrentBag<(int Items, long Total)>();
        var browsing = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var page = await app.BrowseJobs("?pageSize=20");
                pages.Add((page.Items.Count, page.Total));
                await Task.Delay(20);
            }
        });

        var started = await app.StartRebuild(nameof(JobBrowseItem));
        started.GetProperty("state").GetString().ShouldBe("running");
        started.GetProperty("statusUrl").GetString().ShouldBe("/api/admin/projections/JobBrowseItem/rebuild");

        // One rebuild at a time.
        var second = await app.SendAsAdmin(409, s => s.Post.Url("/api/admin/projections/JobBrowseItem/rebuild"));
        (await second.ReadProblem()).Body.GetProperty("statusUrl").GetString().ShouldBe("/api/admin/projections/JobBrowseItem/rebuild");
        (await app.GetAsAdmin("/api/admin/projections")).GetProperty("projections").EnumerateArray()
            .Single(x => x.GetProperty("name").GetString() == nameof(JobBrowseItem)).GetProperty("rebuilding").GetBoolean().ShouldBeTrue();

        // Admins keep writing during the rebuild: new jobs, and edits of jobs the rebuild has already read or not yet.
        var written = new List<Guid>();
        for (var i = 0; i < 10; i++) written.Add((await app.PostJob(JobScenarios.AJob($"Written during the rebuild {i}"))).Id);
        foreach (var id in open.Skip(1000).Take(5).Concat(open.TakeLast(5)))
        {
            await app.EditJob(id, JobScenarios.AJob($"Edited during the rebuild {id}"));
            written.Add(id);
        }

        var statuses = new List<JsonElement>();
        var finished = await app.WaitForRebuild(nameof(JobBrowseItem), TimeSpan.FromMinutes(5), statuses.Add);
        await stop.CancelAsync();
        await browsing;

        output.WriteLine(finished.GetRawText());
        finished.GetProperty("state").GetString().ShouldBe("completed", finished.GetRawText());
        finished.GetProperty("eventsTotal").GetInt64().ShouldBeGreaterThanOrEqualTo(Jobs * EventsPerJob);
        finished.GetProperty("eventsProcessed").GetInt64().ShouldBe(finished.GetProperty("eventsTotal").GetInt64());
        finished.GetProperty("eventsPerSecond").GetDouble().ShouldBeGreaterThan(0);
        var changes = finished.GetProperty("changes");
        changes.GetProperty("deleted").GetInt64().ShouldBeGreaterThanOrEqualTo(1);
        changes.GetProperty("inserted").GetInt64().ShouldBeGreaterThanOrEqualTo(lost.Count);
        changes.GetProperty("updated").GetInt64().ShouldBeGreaterThanOrEqualTo(changed.Count);
        // The progress moved while it ran.
        statuses.Where(x => x.GetProperty("state").GetString() == "running").Select(x => x.GetProperty("eventsProcessed").GetInt64()).ShouldBeInOrder();

        // Browsing never saw an empty page.
        output.WriteLine($"{pages.Count} browse pages read during the rebuild");
        pages.Count.ShouldBeGreaterThan(0);
        pages.ShouldAllBe(page => page.Items == 20 && page.Total > 0);

        // The model is the inline one again, document for document, with the writes made meanwhile.
        var rebuilt = await app.Documents(table);
        await using var session = app.Store().QuerySession();
        foreach (var id in written.Distinct())
        {
            var expected = await session.Events.AggregateStreamAsync<JobBrowseItem>(id);
            var version = await session.Events.FetchStreamStateAsync(id);
            rebuilt.ShouldContainKey(id);
            var actual = JsonSerializer.Deserialize<JobBrowseItem>(rebuilt[id].Data)!;
            JsonSerializer.Serialize(actual).ShouldBe(JsonSerializer.Serialize(expected));
            rebuilt[id].Version.ShouldBe(version!.Version);
            rebuilt.Remove(id);
        }
        foreach (var id in written) inline.Remove(id);
        rebuilt.Count.ShouldBe(inline.Count);
        foreach (var (id, document) in inline)
        {
            rebuilt.ShouldContainKey(id);
            rebuilt[id].ShouldBe(document, $"document {id}");
        }

        // The duplicated columns the filters and facets read were rebuilt with the documents.
        await using var connection = new NpgsqlConnection(app.Database.ConnectionString);
        await connection.OpenAsync();
        await using var disagreeing = new NpgsqlCommand(
            $"""
             select count(*) from {table} where location is distinct from data ->> 'Location' or category is distinct from data ->> 'Category'
             or job_type is distinct from data ->> 'JobType' or remote is distinct from (data ->> 'Remote')::boolean
             """, connection);
        ((long)(await disagreeing.ExecuteScalarAsync())!).ShouldBe(0);
    }
}
