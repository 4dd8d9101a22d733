using System.Text.Json;

namespace Zumodra.Tests.Jobs;

[Collection(JobsCollection.Name)]
public sealed class when_reading_job_facets(JobsApp app)
{
    private async Task<JsonElement> Facets() => await (await app.Send(200, s => s.Get.Url("/api/jobs/facets"))).ReadJson();

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

        facets.EnumerateObject().Select(p => p.Name).ShouldBe(["locations", "categories", "types"]);
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
}
