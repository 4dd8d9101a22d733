using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Zumodra.BuildingBlocks;
using Zumodra.Live.Filtering;
using Zumodra.Tests.Infrastructure;

namespace Zumodra.Tests.Live;

/// <summary>
/// The matcher of the application, except that evaluating <see cref="Term"/> always fails, as a search PostgreSQL
/// refuses (or a database error on that search alone) would.
/// </summary>
internal sealed class FailingForOneSearch(FullTextMatcher matcher) : IFullTextMatcher
{
    public const string Term = "kaboom";

    private int _failures;

    /// <summary>How many evaluations involving <see cref="Term"/> failed so far.</summary>
    public int Failures => Volatile.Read(ref _failures);

    public Task<IReadOnlySet<string>> MatchingSearchesAsync(string text, IReadOnlyCollection<string> searches, CancellationToken cancellation) =>
        searches.Contains(Term) ? Fail<IReadOnlySet<string>>() : matcher.MatchingSearchesAsync(text, searches, cancellation);

    public Task<IReadOnlySet<int>> MatchingTextsAsync(string search, IReadOnlyList<string> texts, CancellationToken cancellation) =>
        search == Term && texts.Count > 0 ? Fail<IReadOnlySet<int>>() : matcher.MatchingTextsAsync(search, texts, cancellation);

    private Task<T> Fail<T>()
    {
        Interlocked.Increment(ref _failures);
        return Task.FromException<T>(new InvalidOperationException($"'{Term}' cannot be evaluated."));
    }
}

/// <summary>The application with <see cref="FailingForOneSearch"/> as its matcher.</summary>
public sealed class FailingMatcherApp : IAsyncLifetime
{
    private InProcessServer _server = null!;

    internal FailingForOneSearch Matcher => (FailingForOneSearch)_server.Services.GetRequiredService<IFullTextMatcher>();

    public async Task InitializeAsync() => _server = await InProcessServer.StartAsync("livefailing", services =>
    {
        services.AddSingleton<FullTextMatcher>();
        services.AddSingleton<IFullTextMatcher, FailingForOneSearch>();
    });

    public Task<LiveProbe> Listen(string query = "") => _server.Listen(query);

    public async Task<Guid> PostJobAsync(string title)
    {
        var response = await _server.Http.PostAsJsonAsync("/api/jobs", LiveScenarios.AUniqueJob(title));
        response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<Written>())!.Id;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class FailingMatcherCollection : ICollectionFixture<FailingMatcherApp>
{
    public const string Name = "live-failing-matcher";
}

/// <summary>One subscription whose search cannot be evaluated costs that subscription alone, never the channel.</summary>
[Collection(FailingMatcherCollection.Name)]
public sealed class when_matching_one_subscription_fails(FailingMatcherApp app)
{
    /// <summary>Each change must reach all hundred viewers within this of being posted (a frozen relay took 9 to 13 s).</summary>
    private static readonly TimeSpan OnTime = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task that_subscription_is_told_to_reload_and_ended_and_a_hundred_viewers_receive_every_change_on_time()
    {
        var viewers = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => app.Listen("?channel=jobs")));
        try
        {
            await using var failing = await app.Listen($"?channel=jobs&search={FailingForOneSearch.Term}");
            // Another search, evaluated in the same batched query as the failing one: it must keep working.
            await using var engineers = await app.Listen("?channel=jobs&search=engineer");

            var jobs = new List<Guid>();
            for (var i = 0; i < 10; i++)
            {
                var posted = Stopwatch.StartNew();
                var job = await app.PostJobAsync($"Isolated Engineer {i}");
                jobs.Add(job);
                foreach (var viewer in viewers) (await viewer.WaitForJobs([job], 1, OnTime)).Count.ShouldBe(1, $"job {i} reaches every viewer");
                posted.Elapsed.ShouldBeLessThan(OnTime, $"job {i} reached all 100 viewers on time");
            }

            foreach (var viewer in viewers) viewer.Jobs.Select(x => x.Payload.ItemId()).ShouldBe(jobs, "0 lost, none twice, in order");
            (await engineers.WaitForJobs(jobs, jobs.Count)).Count.ShouldBe(jobs.Count, "the other search group is unaffected");

            var told = failing.Received;
            told.Select(x => x.Method).ShouldBe(["error", "reload_required"]);
            told[0].Payload.GetProperty("code").GetString().ShouldBe("reload_required");
            failing.Connection.State.ShouldBe(HubConnectionState.Connected);
            // Ended at the first change: the failing search is never evaluated again.
            var failures = app.Matcher.Failures;
            var after = await app.PostJobAsync("After The Cut");
            await viewers[0].WaitForJobs([after], 1);
            app.Matcher.Failures.ShouldBe(failures);
            LiveProbe.About(await failing.Quiet(TimeSpan.FromMilliseconds(200)), [after]).ShouldBeEmpty();
        }
        finally
        {
            foreach (var viewer in viewers) await viewer.DisposeAsync();
        }
    }

    [Fact]
    public async Task a_subscribe_whose_catch_up_fails_answers_an_error_and_leaves_nothing_registered()
    {
        await using var viewer = await app.Listen("?channel=jobs");
        var first = await app.PostJobAsync("Before The Catch-Up");
        var sequence = (await viewer.WaitForJobs([first], 1)).ShouldHaveSingleItem().Payload.Sequence();
        var toReplay = await app.PostJobAsync("Kaboom To Replay");
        // Pushed before the subscription exists, so only its catch-up evaluates the failing search.
        await viewer.WaitForJobs([toReplay], 1);

        await using var failing = await app.Listen();
        var failures = app.Matcher.Failures;
        var refused = await Should.ThrowAsync<HubException>(() => failing.Subscribe("jobs", new { search = FailingForOneSearch.Term }, sequence - 1));
        refused.Message.ShouldContain("unavailable:");
        app.Matcher.Failures.ShouldBe(failures + 1);

        var next = await app.PostJobAsync("After The Failed Catch-Up");
        (await viewer.WaitForJobs([next], 1, OnTime)).Count.ShouldBe(1);
        app.Matcher.Failures.ShouldBe(failures + 1, "no subscription with the failing search was left behind");
        failing.Connection.State.ShouldBe(HubConnectionState.Connected);
    }
}
