using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Alba;
using Npgsql;
using Zumodra.BuildingBlocks;
using Zumodra.Tests.Jobs;

namespace Zumodra.Tests.Caching;

[Collection(CachingCollection.Name)]
public sealed class when_browsing_through_the_cache(CachingApp app)
{
    private static string Tag() => "cache" + new string(Guid.NewGuid().ToString("N").Where(char.IsLetter).Take(8).ToArray());

    private async Task<(JsonElement Body, IScenarioResult Result)> Get(string url, Action<Scenario>? configure = null)
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Get.Url(url);
            configure?.Invoke(s);
        });
        return (await result.ReadAsJsonAsync<JsonElement>(), result);
    }

    private static IEnumerable<string> Titles(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(x => x.GetProperty("title").GetString()!);

    [Fact]
    public async Task a_commit_is_visible_to_the_next_request_even_though_the_page_was_cached()
    {
        var tag = Tag();
        await app.PostJob(JobScenarios.AJob($"First {tag} Engineer"));
        var url = $"/api/jobs?search={tag}";
        (await Get(url)).Body.GetProperty("total").GetInt32().ShouldBe(1);
        (await Get(url)).Body.GetProperty("total").GetInt32().ShouldBe(1);

        await app.PostJob(JobScenarios.AJob($"Second {tag} Engineer"));

        var (after, _) = await Get(url);
        after.GetProperty("total").GetInt32().ShouldBe(2);
        Titles(after).ShouldContain($"Second {tag} Engineer");
    }

    [Fact]
    public async Task a_cache_hit_does_not_query_postgresql()
    {
        var tag = Tag();
        await app.PostJob(JobScenarios.AJob($"Cached {tag} Engineer"));
        var url = $"/api/jobs?search={tag}&sort=salary";
        await Get(url);
        var before = app.Queries.Count;

        var (body, result) = await Get(url);

        app.Queries.Count.ShouldBe(before);
        body.GetProperty("total").GetInt32().ShouldBe(1);
        result.Context.Response.Headers.Age.ToString().ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task different_filters_are_cached_apart()
    {
        var tag = Tag();
        await app.PostJob(JobScenarios.AJob($"Remote {tag} Engineer") with { Remote = true });
        await app.PostJob(JobScenarios.AJob($"Office {tag} Engineer") with { Remote = false });

        var remote = (await Get($"/api/jobs?search={tag}&remote=true")).Body;
        var office = (await Get($"/api/jobs?search={tag}&remote=false")).Body;
        var remoteAgain = (await Get($"/api/jobs?search={tag}&remote=true")).Body;

        Titles(remote).ShouldBe([$"Remote {tag} Engineer"]);
        Titles(office).ShouldBe([$"Office {tag} Engineer"]);
        Titles(remoteAgain).ShouldBe([$"Remote {tag} Engineer"]);
    }

    [Fact]
    public async Task an_unchanged_result_revalidates_with_304_until_a_commit()
    {
        var url = $"/api/jobs?search={Tag()}";
        var (_, first) = await Get(url);
        var etag = first.Context.Response.Headers.ETag.ToString();
        etag.ShouldStartWith("W/\"");
        first.Context.Response.Headers.CacheControl.ToString().ShouldBe("no-cache");

        var revalidated = await app.Host.Scenario(s =>
        {
            s.Get.Url(url);
            s.WithRequestHeader("If-None-Match", etag);
            s.StatusCodeShouldBe(HttpStatusCode.NotModified);
        });
        revalidated.Context.Response.Headers.ETag.ToString().ShouldBe(etag);

        await app.PostJob();

        await app.Host.Scenario(s =>
        {
            s.Get.Url(url);
            s.WithRequestHeader("If-None-Match", etag);
            s.StatusCodeShouldBe(HttpStatusCode.OK);
        });
    }

    [Fact]
    public async Task a_commit_is_announced_to_the_other_nodes_on_the_browse_channel()
    {
        await using var otherNode = await AnotherNode.Listening(app.Database.ConnectionString, "jobs");

        await app.PostJob();

        await otherNode.Heard;
    }

    [Fact]
    public async Task a_node_does_not_evict_again_when_its_own_announcement_comes_back()
    {
        var url = $"/api/jobs?search={Tag()}";
        var (_, before) = await Get(url);
        await using var otherNode = await AnotherNode.Listening(app.Database.ConnectionString, "jobs");

        await app.PostJob();
        await otherNode.Heard;
        // The node's own listener hears the same notification at the same moment; give it ample time to act on it.
        await Task.Delay(TimeSpan.FromMilliseconds(500));

        var (_, after) = await Get(url);
        Generation(after).ShouldBe(Generation(before) + 1);
    }

    private static long Generation(IScenarioResult result) =>
        long.Parse(result.Context.Response.Headers.ETag.ToString().TrimEnd('"').Split('-')[^1]);

    /// <summary>Listens on the browse channel as another node would, until it hears the module announced.</summary>
    private sealed class AnotherNode : IAsyncDisposable
    {
        private readonly NpgsqlConnection _connection;
        private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(10));
        private readonly TaskCompletionSource _heard = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private Task _waiting = Task.CompletedTask;

        private AnotherNode(string connectionString) => _connection = new NpgsqlConnection(connectionString);

        /// <summary>Completes when the module is announced; other modules' announcements may come first.</summary>
        public Task Heard => _heard.Task.WaitAsync(_timeout.Token);

        public static async Task<AnotherNode> Listening(string connectionString, string module)
        {
            var node = new AnotherNode(connectionString);
            await node._connection.OpenAsync();
            node._connection.Notification += (_, notification) =>
            {
                if (notification.Payload == module) node._heard.TrySetResult();
            };
            await using (var listen = new NpgsqlCommand($"listen {BrowseCacheChannel.Name}", node._connection)) await listen.ExecuteNonQueryAsync();
            node._waiting = Task.Run(async () =>
            {
                while (!node._heard.Task.IsCompleted) await node._connection.WaitAsync(node._timeout.Token);
            });
            return node;
        }

        public async ValueTask DisposeAsync()
        {
            await _timeout.CancelAsync();
            try { await _waiting; } catch (OperationCanceledException) { }
            await _connection.DisposeAsync();
            _timeout.Dispose();
        }
    }

    [Fact]
    public async Task another_nodes_announcement_evicts_the_cached_responses_of_its_module()
    {
        var url = $"/api/jobs?search={Tag()}";
        await Get(url);
        await Get(url);
        var cached = app.Queries.Count;

        await using (var other = new NpgsqlConnection(app.Database.ConnectionString))
        {
            await other.OpenAsync();
            await using var notify = new NpgsqlCommand($"notify {BrowseCacheChannel.Name}, 'jobs'", other);
            await notify.ExecuteNonQueryAsync();
        }

        var clock = Stopwatch.StartNew();
        while (app.Queries.Count == cached && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(50);
            await Get(url);
        }
        app.Queries.Count.ShouldBeGreaterThan(cached);
    }

    [Fact]
    public async Task requests_with_credentials_are_never_served_from_the_shared_cache()
    {
        var url = $"/api/jobs?search={Tag()}";
        await Get(url);
        var before = app.Queries.Count;

        await Get(url, s => s.WithBearerToken(app.AdminToken));

        app.Queries.Count.ShouldBeGreaterThan(before);
    }

    [Fact]
    public async Task json_is_compressed_for_clients_that_accept_it()
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Get.Url("/api/jobs?pageSize=50");
            s.WithRequestHeader("Accept-Encoding", "br");
        });

        result.Context.Response.Headers.ContentEncoding.ToString().ShouldBe("br");
    }
}
