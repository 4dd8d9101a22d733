using System.Net;
using Zumodra.Jobs;

namespace Zumodra.Tests.Jobs;

/// <summary>Optimistic concurrency: the body's <c>version</c> or <c>If-Match</c> must be the current version, or 409.</summary>
[Collection(JobsCollection.Name)]
public sealed class when_writing_a_job_concurrently(JobsApp app)
{
    /// <summary>A job at version 2 (posted, then edited).</summary>
    private async Task<Guid> AJobAtVersion2()
    {
        var written = await app.PostJob(JobScenarios.AJob("Contended Engineer"));
        (await app.EditJob(written.Id, JobScenarios.AJob("Contended Engineer II"))).Version.ShouldBe(2);
        return written.Id;
    }

    [Fact]
    public async Task an_edit_with_a_stale_body_version_is_a_409_problem_that_writes_nothing()
    {
        var id = await AJobAtVersion2();

        var result = await app.SendAsAdmin(409, s => s.Put.Json(JobScenarios.AJob("Lost Update") with { Version = 1 }).ToUrl($"/api/jobs/{id}"));

        var problem = await result.ReadProblem();
        problem.Status.ShouldBe(409);
        problem.Title.ShouldBe("Version conflict");
        problem.Detail.ShouldBe("Expected version 1, but the item is at version 2. Reload it and try again.");
        problem.Body.GetProperty("currentVersion").GetInt64().ShouldBe(2);
        (await app.StreamVersion(id)).ShouldBe(2);
        (await app.BrowseJob(id))!.Title.ShouldBe("Contended Engineer II");
    }

    [Fact]
    public async Task an_edit_with_a_future_body_version_is_a_409()
    {
        var id = await AJobAtVersion2();

        await app.SendAsAdmin(409, s => s.Put.Json(JobScenarios.AJob("From The Future") with { Version = 3 }).ToUrl($"/api/jobs/{id}"));

        (await app.StreamVersion(id)).ShouldBe(2);
    }

    [Fact]
    public async Task an_edit_with_the_current_body_version_succeeds()
    {
        var id = await AJobAtVersion2();

        var answer = await app.EditJob(id, JobScenarios.AJob("Fresh Update") with { Version = 2 });

        answer.Version.ShouldBe(3);
        (await app.BrowseJob(id))!.Title.ShouldBe("Fresh Update");
    }

    public static TheoryData<string> Writes => ["edit", "close", "delete"];

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task a_stale_if_match_is_a_409_problem_that_writes_nothing(string write)
    {
        var id = await AJobAtVersion2();

        var result = await app.SendAsAdmin(409, s =>
        {
            Request(s, write, id);
            s.WithRequestHeader("If-Match", "\"1\"");
        });

        var problem = await result.ReadProblem();
        problem.Title.ShouldBe("Version conflict");
        problem.Body.GetProperty("currentVersion").GetInt64().ShouldBe(2);
        (await app.StreamVersion(id)).ShouldBe(2);
        (await app.BrowseJob(id)).ShouldNotBeNull().Title.ShouldBe("Contended Engineer II");
    }

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task a_matching_if_match_succeeds(string write)
    {
        var id = await AJobAtVersion2();

        var result = await app.SendAsAdmin(200, s =>
        {
            Request(s, write, id);
            s.WithRequestHeader("If-Match", "\"2\"");
        });

        (await result.ReadAsJsonAsync<Zumodra.BuildingBlocks.Written>())!.Version.ShouldBe(3);
        (await app.StreamVersion(id)).ShouldBe(3);
    }

    [Fact]
    public async Task reopening_honours_if_match_too()
    {
        var id = await AJobAtVersion2();
        await app.JobAction(id, "close");

        await app.SendAsAdmin(409, s =>
        {
            s.Post.Url($"/api/jobs/{id}/reopen");
            s.WithRequestHeader("If-Match", "\"2\"");
        });
        (await app.StreamVersion(id)).ShouldBe(3);

        await app.SendAsAdmin(200, s =>
        {
            s.Post.Url($"/api/jobs/{id}/reopen");
            s.WithRequestHeader("If-Match", "\"3\"");
        });
        (await app.StreamVersion(id)).ShouldBe(4);
    }

    public static TheoryData<string> MatchingTags => ["2", "\"2\"", "W/\"2\"", " \"2\" ", "*"];

    [Theory]
    [MemberData(nameof(MatchingTags))]
    public async Task if_match_accepts_quoted_weak_bare_and_wildcard_forms(string tag)
    {
        var id = await AJobAtVersion2();

        await app.SendAsAdmin(200, s =>
        {
            s.Post.Url($"/api/jobs/{id}/close");
            s.WithRequestHeader("If-Match", tag);
        });

        (await app.StreamVersion(id)).ShouldBe(3);
    }

    public static TheoryData<string, string> MalformedTags => new()
    {
        { "edit", "abc" }, { "close", "abc" }, { "delete", "abc" }, { "close", "\"-1\"" }, { "close", "\"2.0\"" }, { "close", "W/" },
    };

    [Theory]
    [MemberData(nameof(MalformedTags))]
    public async Task a_malformed_if_match_is_a_400_naming_if_match(string write, string tag)
    {
        var id = await AJobAtVersion2();

        var result = await app.SendAsAdmin(400, s =>
        {
            Request(s, write, id);
            s.WithRequestHeader("If-Match", tag);
        });

        (await result.ReadProblem()).ErrorFields.ShouldBe(["If-Match"]);
        (await app.StreamVersion(id)).ShouldBe(2);
    }

    [Fact]
    public async Task the_body_version_wins_over_if_match()
    {
        var id = await AJobAtVersion2();

        await app.SendAsAdmin(409, s =>
        {
            s.Put.Json(JobScenarios.AJob("Body Says Stale") with { Version = 1 }).ToUrl($"/api/jobs/{id}");
            s.WithRequestHeader("If-Match", "\"2\"");
        });

        (await app.StreamVersion(id)).ShouldBe(2);
    }

    [Fact]
    public async Task simultaneous_edits_never_lose_an_update()
    {
        var written = await app.PostJob(JobScenarios.AJob("Raced Engineer"));

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => app.Host.Scenario(s =>
        {
            s.Put.Json(JobScenarios.AJob($"Racer {i}") with { Version = 1 }).ToUrl($"/api/jobs/{written.Id}");
            s.WithBearerToken(app.AdminToken);
            s.IgnoreStatusCode();
        })));

        var statuses = responses.Select(r => r.Context.Response.StatusCode).ToList();
        statuses.ShouldAllBe(status => status == (int)HttpStatusCode.OK || status == (int)HttpStatusCode.Conflict);
        statuses.Count(status => status == 200).ShouldBe(1);
        (await app.StreamVersion(written.Id)).ShouldBe(2);
        (await app.StreamEventTypes(written.Id)).ShouldBe([typeof(JobPosted), typeof(JobEdited)]);
    }

    [Fact]
    public async Task simultaneous_unversioned_edits_each_append_exactly_once()
    {
        var written = await app.PostJob(JobScenarios.AJob("Free For All Engineer"));

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => app.Host.Scenario(s =>
        {
            s.Put.Json(JobScenarios.AJob($"Unversioned Racer {i}")).ToUrl($"/api/jobs/{written.Id}");
            s.WithBearerToken(app.AdminToken);
            s.IgnoreStatusCode();
        })));

        var statuses = responses.Select(r => r.Context.Response.StatusCode).ToList();
        statuses.ShouldAllBe(status => status == 200 || status == 409);
        (await app.StreamVersion(written.Id)).ShouldBe(1 + statuses.Count(status => status == 200));
        (await app.LoadBrowseItem(written.Id))!.Version.ShouldBe(1 + statuses.Count(status => status == 200));
    }

    private static void Request(Scenario s, string write, Guid id)
    {
        switch (write)
        {
            case "edit": s.Put.Json(JobScenarios.AJob("If-Match Edit")).ToUrl($"/api/jobs/{id}"); break;
            case "delete": s.Delete.Url($"/api/jobs/{id}"); break;
            default: s.Post.Url($"/api/jobs/{id}/{write}"); break;
        }
    }
}
