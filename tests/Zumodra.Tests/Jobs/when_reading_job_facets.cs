using System.Text.Json;

namespace Zumodra.Tests.Jobs;

[Collection(JobsCollection.Name)]
public sealed class when_reading_job_facets(JobsApp app)
{
    private async Task<JsonElement> Facets(string query = "") => await (await app.Send(200, s => s.Get.Url("/api/jobs/facets" + query))).ReadJson();

    private static Dictionary<string, int> Counts(JsonElement facets, string name) =>
        facets.GetProperty(name).EnumerateArray().ToDictionary(f => f.GetProperty("value").GetString()!, f => f.GetProperty("count").GetInt32());

    [Fact]
    public async Task it_counts_open_jobs_per_location_category_and_type()
    {
        var tag = JobScenarios.NewTag();
        await app.PostJob(JobScenarios.ATaggedJob(tag) with { Location = $"Ghent {tag}", Category = $"Cooking {tag}" });
        await app.PostJob(JobScenarios.ATaggedJob(tag) with { Location = $"Ghent {tag}", Category = $"Baking {tag}" });
        await app.PostJob(JobScenarios.ATaggedJob(tag) with { Location = $"Bruges {tag}", Category = $"Cooking {tag}" });

        var facets = await Facets();

        facets.EnumerateObject().Select(p => p.Name).ShouldBe(["locations", "categories", "types", "remote"]);
        var locations = Counts(facets, "locations");
        locations[$"Ghent {tag}"].ShouldBe(2);
        locations[$"Bruges {tag}"].ShouldBe(1);
        var categories = Counts(facets, "categories");
        categories[$"Cooking {tag}"].ShouldBe(2);
        categories[$"Baking {tag}"].ShouldBe(1);
    }

    [Fact]
    public async Task type_counts_agree_with_the_list_and_follow_posts_and_closes()
    {
        var before = Counts(await Facets(), "types");
        foreach (var (type, count) in before)
            (await app.BrowseJobs($"?type={type}&pageSize=1")).Total.ShouldBe(count);

        var written = await app.PostJob(JobScenarios.AJob(jobType: "temporary"));
        var afterPost = Counts(await Facets(), "types");
        afterPost["temporary"].ShouldBe(before.GetValueOrDefault("temporary") + 1);

        await app.JobAction(written.Id, "close");
        Counts(await Facets(), "types").GetValueOrDefault("temporary").ShouldBe(before.GetValueOrDefault("temporary"));
    }

    [Fact]
    public async Task values_are_most_common_first()
    {
        await app.PostJob(JobScenarios.AJob());

        var facets = await Facets();

        foreach (var name in new[] { "locations", "categories", "types" })
        {
            var counts = facets.GetProperty(name).EnumerateArray().Select(f => f.GetProperty("count").GetInt32()).ToList();
            counts.ShouldNotBeEmpty();
            counts.ShouldBe(counts.OrderByDescending(c => c).ToList());
        }
    }

    [Fact]
    public async Task a_job_without_location_or_category_is_counted_only_by_type()
    {
        var before = await Facets();

        await app.PostJob(JobScenarios.AJob(jobType: "part_time") with { Location = null, Category = null });

        var after = await Facets();
        Counts(after, "locations").ShouldBe(Counts(before, "locations"));
        Counts(after, "categories").ShouldBe(Counts(before, "categories"));
        Counts(after, "types")["part_time"].ShouldBe(Counts(before, "types").GetValueOrDefault("part_time") + 1);
        after.GetProperty("locations").EnumerateArray().ShouldAllBe(f => f.GetProperty("value").ValueKind == JsonValueKind.String);
    }

    [Fact]
    public async Task each_facet_counts_with_the_other_filters_in_force_and_each_count_is_what_the_list_then_shows()
    {
        var tag = JobScenarios.NewTag();
        await app.PostJob(JobScenarios.ATaggedJob(tag) with { Location = $"Ghent {tag}", Category = "Cooking" });
        await app.PostJob(JobScenarios.ATaggedJob(tag, jobType: "contract") with { Location = $"Ghent {tag}", Category = "Cooking", Remote = true });
        await app.PostJob(JobScenarios.ATaggedJob(tag, jobType: "contract") with { Location = $"Bruges {tag}", Category = "Cooking" });
        await app.PostJob(JobScenarios.ATaggedJob(tag) with { Location = $"Bruges {tag}", Category = "Baking" });

        var facets = await Facets($"?search={tag}&category=cooking&type=contract");

        // Types ignore the type filter, categories the category filter; locations have all three in force.
        Counts(facets, "types").ShouldBe(new Dictionary<string, int> { ["full_time"] = 1, ["contract"] = 2 }, ignoreOrder: true);
        Counts(facets, "categories").ShouldBe(new Dictionary<string, int> { ["Cooking"] = 2 }, ignoreOrder: true);
        Counts(facets, "locations").ShouldBe(new Dictionary<string, int> { [$"Ghent {tag}"] = 1, [$"Bruges {tag}"] = 1 }, ignoreOrder: true);
        Counts(facets, "remote").ShouldBe(new Dictionary<string, int> { ["true"] = 1, ["false"] = 1 }, ignoreOrder: true);
        foreach (var (type, count) in Counts(facets, "types"))
            (await app.BrowseJobs($"?search={tag}&category=cooking&type={type}&pageSize=1")).Total.ShouldBe(count);
        foreach (var (location, count) in Counts(facets, "locations"))
            (await app.BrowseJobs($"?search={tag}&category=cooking&type=contract&location={Uri.EscapeDataString(location)}&pageSize=1")).Total.ShouldBe(count);
    }

    [Fact]
    public async Task values_that_differ_only_in_case_count_as_one_in_their_most_common_spelling()
    {
        var tag = JobScenarios.NewTag();
        await app.PostJob(JobScenarios.ATaggedJob(tag) with { Location = $"Ghent {tag}" });
        await app.PostJob(JobScenarios.ATaggedJob(tag) with { Location = $"Ghent {tag}" });
        await app.PostJob(JobScenarios.ATaggedJob(tag) with { Location = $"GHENT {tag}".ToUpperInvariant() });

        var locations = Counts(await Facets($"?search={tag}"), "locations");

        locations.ShouldBe(new Dictionary<string, int> { [$"Ghent {tag}"] = 3 });
        (await app.BrowseJobs($"?location=ghent%20{tag}&pageSize=1")).Total.ShouldBe(3);
    }

    [Theory]
    [InlineData("?type=permanent", "type")]
    [InlineData("?remote=maybe", "remote")]
    [InlineData("?location=a%00b", "location")]
    public async Task filters_the_browse_api_refuses_are_refused_with_the_parameter_named(string query, string parameter)
    {
        var problem = await (await app.Send(400, s => s.Get.Url("/api/jobs/facets" + query))).ReadProblem();

        problem.ErrorFields.ShouldContain(parameter);
    }
}
