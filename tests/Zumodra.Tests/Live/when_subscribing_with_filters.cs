using System.Net.Http.Json;
using System.Text.Json;
using Zumodra.Jobs;
using Zumodra.Tests.Jobs;

namespace Zumodra.Tests.Live;

[Collection(LiveCollection.Name)]
[Trait("Category", "Process")]
public sealed class when_subscribing_with_filters(LiveApp app)
{
    /// <summary>Four jobs that differ in every filterable value; only their titles are unique to this test.</summary>
    private static (JobForm Platform, JobForm Nurse, JobForm Designer, JobForm Intern) FourJobs()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        return (
            JobScenarios.AJob($"Platform Engineer {tag}", "full_time") with
            {
                Location = "Berlin, Germany", Category = "Engineering", Remote = false,
                Description = "Own the platform.",
            },
            JobScenarios.AJob($"Night Nurse {tag}", "part_time") with
            {
                Location = "Lisbon, Portugal", Category = "Health", Remote = true, Description = "Care for patients at night.",
            },
            JobScenarios.AJob($"Contract Designer {tag}", "contract") with
            {
                Location = "Berlin, Germany", Category = "Design", Remote = true, Description = "Design our next product.",
            },
            JobScenarios.AJob($"Data Intern {tag}", "internship") with
            {
                Location = "Paris, France", Category = "Engineering", Remote = false, Description = "Learn data pipelines.",
            });
    }

    [Fact]
    public async Task type_remote_location_and_category_filters_receive_exactly_the_matching_jobs()
    {
        var server = app.Server;
        await using var byType = await server.Listen();
        await byType.Subscribe("jobs", new { type = new[] { "part_time", "contract" } });
        await using var byRemote = await server.Listen("?channel=jobs&remote=true");
        await using var byLocation = await server.Listen();
        await byLocation.Subscribe("jobs", new { location = "berlin, GERMANY" });
        await using var byCategory = await server.Listen("?channel=jobs&category=engineering");
        await using var byTwo = await server.Listen("?channel=jobs&type=part_time&type=full_time&remote=false");

        var (platform, nurse, designer, intern) = FourJobs();
        var p = (await server.PostJobAsync(platform)).Id;
        var n = (await server.PostJobAsync(nurse)).Id;
        var d = (await server.PostJobAsync(designer)).Id;
        var i = (await server.PostJobAsync(intern)).Id;
        Guid[] all = [p, n, d, i];
        var names = new Dictionary<Guid, string> { [p] = "platform", [n] = "nurse", [d] = "designer", [i] = "intern" };

        (await byType.WaitForJobs(all, 2)).Describe(names).ShouldBe(["job_created nurse", "job_created designer"]);
        (await byRemote.WaitForJobs(all, 2)).Describe(names).ShouldBe(["job_created nurse", "job_created designer"]);
        (await byLocation.WaitForJobs(all, 2)).Describe(names).ShouldBe(["job_created platform", "job_created designer"]);
        (await byCategory.WaitForJobs(all, 2)).Describe(names).ShouldBe(["job_created platform", "job_created intern"]);
        (await byTwo.WaitForJobs(all, 1)).Describe(names).ShouldBe(["job_created platform"]);

        await byTwo.Quiet();
        foreach (var probe in new[] { byType, byRemote, byLocation, byCategory, byTwo })
            LiveProbe.About(probe.Received, all).Count.ShouldBeLessThanOrEqualTo(2, "a created job that does not match must not arrive");
        LiveProbe.About(byTwo.Received, all).Count.ShouldBe(1, "every filter must match (type AND remote)");

        // The same jobs through the browse API, for the same filters: a live page and a reload agree.
        var browsed = await server.Http.GetFromJsonAsync<JsonElement>("/api/jobs?category=engineering&pageSize=100");
        browsed.GetProperty("items").EnumerateArray().Select(x => x.GetProperty("id").GetGuid()).Where(all.Contains).Order()
            .ShouldBe(new[] { p, i }.Order());
    }

    [Fact]
    public async Task a_company_filter_receives_only_that_companys_jobs_by_query_string_and_by_subscribe()
    {
        var server = app.Server;
        var (acme, other) = (Guid.NewGuid(), Guid.NewGuid());
        // Any of a UUID's spellings names the company, as in the browse API.
        await using var byQuery = await server.Listen($"?channel=jobs&companyId={acme.ToString().ToUpperInvariant()}");
        await using var bySubscribe = await server.Listen();
        await bySubscribe.Subscribe("jobs", new { companyId = acme.ToString("B") });

        var (platform, nurse, _, _) = FourJobs();
        var ours = (await server.PostJobAsync(platform with { CompanyId = acme })).Id;
        var theirs = (await server.PostJobAsync(nurse with { CompanyId = other })).Id;
        var names = new Dictionary<Guid, string> { [ours] = "ours", [theirs] = "theirs" };

        foreach (var probe in new[] { byQuery, bySubscribe })
        {
            (await probe.WaitForJobs([ours, theirs], 1)).Describe(names).ShouldBe(["job_created ours"]);
            await probe.Quiet();
            LiveProbe.About(probe.Received, [ours, theirs]).Count.ShouldBe(1, "the other company's job must not arrive");
        }
    }

    [Fact]
    public async Task a_search_filter_is_full_text_with_stemming_by_query_string_and_by_subscribe()
    {
        var server = app.Server;
        await using var engineers = await server.Listen();
        await engineers.Subscribe("jobs", new { search = "engineers" });
        await using var nurses = await server.Listen("?channel=jobs&search=nursing");
        await using var bothWords = await server.Listen();
        await bothWords.Subscribe("jobs", new { search = "design product" });

        var (platform, nurse, designer, intern) = FourJobs();
        var p = (await server.PostJobAsync(platform)).Id;
        var n = (await server.PostJobAsync(nurse with { Description = "Nursing care for patients at night." })).Id;
        var d = (await server.PostJobAsync(designer)).Id;
        var i = (await server.PostJobAsync(intern)).Id;
        Guid[] all = [p, n, d, i];
        var names = new Dictionary<Guid, string> { [p] = "platform", [n] = "nurse", [d] = "designer", [i] = "intern" };

        (await engineers.WaitForJobs(all, 1)).Describe(names).ShouldBe(["job_created platform"]);
        (await nurses.WaitForJobs(all, 1)).Describe(names).ShouldBe(["job_created nurse"]);
        (await bothWords.WaitForJobs(all, 1)).Describe(names).ShouldBe(["job_created designer"]);

        // An edit that takes the word out of the title makes the job leave the search's page.
        await server.EditJobAsync(p, platform with { Title = platform.Title!.Replace("Engineer", "Architect") });
        // An edit that puts it in makes a job appear: it arrives as updated with the whole item.
        await server.EditJobAsync(i, intern with { Title = intern.Title + " (engineering)" });

        (await engineers.WaitForJobs(all, 3)).Describe(names).ShouldBe(["job_created platform", "job_deleted platform", "job_updated intern"]);
        // The server keeps no per-client view: an edit of a job the filter does not match is sent as a deletion.
        (await bothWords.WaitForJobs(all, 3)).Describe(names).ShouldBe(["job_created designer", "job_deleted platform", "job_deleted intern"]);
        (await nurses.WaitForJobs(all, 3)).Describe(names).ShouldBe(["job_created nurse", "job_deleted platform", "job_deleted intern"]);
        await nurses.Quiet();
        foreach (var probe in new[] { engineers, bothWords, nurses }) LiveProbe.About(probe.Received, all).Count.ShouldBe(3);

        var browsed = await server.Http.GetFromJsonAsync<JsonElement>("/api/jobs?search=engineers&pageSize=100");
        browsed.GetProperty("items").EnumerateArray().Select(x => x.GetProperty("id").GetGuid()).Where(all.Contains).ShouldBe([i]);
    }

    [Fact]
    public async Task an_item_that_stops_matching_arrives_as_deleted_and_a_deleted_item_always_arrives()
    {
        var server = app.Server;
        await using var remoteOnly = await server.Listen("?channel=jobs&remote=true");

        var form = LiveScenarios.AUniqueJob("Remote Switcher") with { Remote = true };
        var visible = (await server.PostJobAsync(form)).Id;
        var neverVisible = (await server.PostJobAsync(LiveScenarios.AUniqueJob("Always In Office"))).Id;
        var names = new Dictionary<Guid, string> { [visible] = "visible", [neverVisible] = "office" };

        await server.EditJobAsync(visible, form with { Remote = false });
        await server.EditJobAsync(visible, form with { Remote = true, Title = form.Title + " again" });
        await server.CloseJobAsync(visible);
        await server.DeleteJobAsync(neverVisible);

        var received = await remoteOnly.WaitForJobs([visible, neverVisible], 5);
        received.Describe(names).ShouldBe([
            "job_created visible",
            "job_deleted visible", // no longer remote: leaves the filtered page
            "job_updated visible", // remote again: the whole item, to be shown again
            "job_deleted visible", // closed
            "job_deleted office", // deletions are sent whatever the filter
        ]);
        received[2].Payload.Title().ShouldBe(form.Title + " again");
        received.Sequences().ShouldBeStrictlyIncreasing();
        (await remoteOnly.Quiet()).Where(x => x.Method.StartsWith("job_")).Count(x => names.ContainsKey(x.Payload.ItemId())).ShouldBe(5,
            "the office job's creation must not arrive");
    }

    [Theory]
    [InlineData("type=part_time&type=contract")]
    [InlineData("type=part_time,contract")]
    [InlineData("remote=true")]
    [InlineData("remote=False")]
    [InlineData("category=DESIGN")]
    public Task a_query_string_filter_means_what_it_means_to_the_browse_api(string filters) => LiveAgreesWithBrowse(filters);

    [Fact]
    public Task a_location_with_a_comma_means_what_it_means_to_the_browse_api() => LiveAgreesWithBrowse("location=BERLIN,%20germany&category=design");

    [Fact]
    public async Task remote_as_one_or_on_means_what_it_means_to_the_browse_api()
    {
        await LiveAgreesWithBrowse("remote=1");
        await LiveAgreesWithBrowse("remote=on");
    }

    private async Task LiveAgreesWithBrowse(string filters)
    {
        var server = app.Server;
        await using var live = await server.Listen("?channel=jobs&" + filters);

        var (platform, nurse, designer, intern) = FourJobs();
        Guid[] all = [
            (await server.PostJobAsync(platform)).Id, (await server.PostJobAsync(nurse)).Id,
            (await server.PostJobAsync(designer)).Id, (await server.PostJobAsync(intern)).Id,
        ];
        var browsed = (await server.Http.GetFromJsonAsync<JsonElement>("/api/jobs?pageSize=100&" + filters)).GetProperty("items")
            .EnumerateArray().Select(x => x.GetProperty("id").GetGuid()).Where(all.Contains).ToList();
        browsed.ShouldNotBeEmpty();

        await live.WaitForJobs(all, browsed.Count, TimeSpan.FromSeconds(5));
        LiveProbe.About(await live.Quiet(), all).Select(x => x.Payload.ItemId()).Order().ShouldBe(browsed.Order(),
            $"live '{filters}' should show the jobs GET /api/jobs?{filters} lists");
    }
}
