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
        await using var listener = new NpgsqlConnection(app.Database.ConnectionString);
        await listener.OpenAsync();
        var announced = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        listener.Notification += (_, notification) => announced.TrySetResult(notification.Payload);
        await using (var listen = new NpgsqlCommand($"listen {BrowseCacheChannel.Name}", listener)) await listen.ExecuteNonQueryAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var waiting = Task.Run(async () => { while (!announced.Task.IsCompleted) await listener.WaitAsync(timeout.Token); });

        await app.PostJob();

        (await announced.Task.WaitAsync(timeout.Token)).ShouldBe("jobs");
        await waiting;
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
