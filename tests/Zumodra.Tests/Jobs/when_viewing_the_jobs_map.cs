using System.Text.Json;

namespace Zumodra.Tests.Jobs;

[Collection(JobsCollection.Name)]
public sealed class when_viewing_the_jobs_map(JobsApp app)
{
    private async Task<JsonElement> Map(string query) => await (await app.Send(200, s => s.Get.Url("/api/jobs/map" + query))).ReadJson();

    private static List<Guid> FeatureIds(JsonElement map) =>
        map.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetGuid()).ToList();

    [Fact]
    public async Task it_is_a_geojson_feature_collection_of_points_with_longitude_first()
    {
        var tag = JobScenarios.NewTag();
        var form = JobScenarios.ATaggedJob(tag, "Mapped", "contract") with { Latitude = 48.857, Longitude = 2.352, Location = "Paris, France", CompanyName = "Hooli", Remote = true };
        var written = await app.PostJob(form);

        var map = await Map($"?search={tag}");

        map.GetProperty("type").GetString().ShouldBe("FeatureCollection");
        var feature = map.GetProperty("features").EnumerateArray().ShouldHaveSingleItem();
        feature.GetProperty("type").GetString().ShouldBe("Feature");
        feature.GetProperty("id").GetGuid().ShouldBe(written.Id);
        var geometry = feature.GetProperty("geometry");
        geometry.GetProperty("type").GetString().ShouldBe("Point");
        geometry.GetProperty("coordinates").EnumerateArray().Select(c => c.GetDouble()).ShouldBe([2.352, 48.857]);
        var properties = feature.GetProperty("properties");
        properties.GetProperty("id").GetGuid().ShouldBe(written.Id);
        properties.GetProperty("title").GetString().ShouldBe(form.Title);
        properties.GetProperty("company").GetString().ShouldBe("Hooli");
        properties.GetProperty("location").GetString().ShouldBe("Paris, France");
        properties.GetProperty("jobType").GetString().ShouldBe("contract");
        properties.GetProperty("remote").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task only_jobs_with_coordinates_are_on_the_map()
    {
        var tag = JobScenarios.NewTag();
        var placed = await app.PostJob(JobScenarios.ATaggedJob(tag));
        var placeless = await app.PostJob(JobScenarios.ATaggedJob(tag) with { Latitude = null, Longitude = null });

        FeatureIds(await Map($"?search={tag}")).ShouldBe([placed.Id]);
        (await app.BrowseJobs($"?search={tag}")).Items.Select(x => x.Id).ShouldContain(placeless.Id);
    }

    [Fact]
    public async Task it_honours_the_browse_filters()
    {
        var tag = JobScenarios.NewTag();
        var remoteContract = await app.PostJob(JobScenarios.ATaggedJob(tag, jobType: "contract") with { Remote = true, Location = $"Lyon {tag}", Category = $"Art {tag}" });
        await app.PostJob(JobScenarios.ATaggedJob(tag, jobType: "contract") with { Remote = false, Location = $"Lyon {tag}", Category = $"Art {tag}" });
        await app.PostJob(JobScenarios.ATaggedJob(tag, jobType: "full_time") with { Remote = true, Location = $"Nice {tag}", Category = $"Law {tag}" });

        FeatureIds(await Map($"?search={tag}&remote=true&type=contract")).ShouldBe([remoteContract.Id]);
        FeatureIds(await Map($"?location=LYON {tag}&remote=true")).ShouldBe([remoteContract.Id]);
        FeatureIds(await Map($"?category=art {tag}")).Count.ShouldBe(2);
        FeatureIds(await Map($"?search={tag}")).Count.ShouldBe(3);
    }

    [Fact]
    public async Task bbox_is_west_south_east_north()
    {
        var tag = JobScenarios.NewTag();
        var berlin = await app.PostJob(JobScenarios.ATaggedJob(tag) with { Latitude = 52.52, Longitude = 13.405 });
        var paris = await app.PostJob(JobScenarios.ATaggedJob(tag) with { Latitude = 48.857, Longitude = 2.352 });
        var newYork = await app.PostJob(JobScenarios.ATaggedJob(tag) with { Latitude = 40.713, Longitude = -74.006 });
        var sydney = await app.PostJob(JobScenarios.ATaggedJob(tag) with { Latitude = -33.869, Longitude = 151.209 });

        FeatureIds(await Map($"?search={tag}&bbox=0,45,20,55")).ShouldBe([berlin.Id, paris.Id], ignoreOrder: true);
        FeatureIds(await Map($"?search={tag}&bbox=10,45,20,55")).ShouldBe([berlin.Id]);
        FeatureIds(await Map($"?search={tag}&bbox=-80,35,-70,45")).ShouldBe([newYork.Id]);
        FeatureIds(await Map($"?search={tag}&bbox=150,-34,152,-33")).ShouldBe([sydney.Id]);
        FeatureIds(await Map($"?search={tag}&bbox=-180,-90,180,90")).Count.ShouldBe(4);
        FeatureIds(await Map($"?search={tag}&bbox=13.405,52.52,13.405,52.52")).ShouldBe([berlin.Id]);
        FeatureIds(await Map($"?search={tag}&bbox=-10,-10,-5,-5")).ShouldBeEmpty();
    }

    [Fact]
    public async Task closed_jobs_leave_the_map()
    {
        var tag = JobScenarios.NewTag();
        var written = await app.PostJob(JobScenarios.ATaggedJob(tag));
        FeatureIds(await Map($"?search={tag}")).ShouldBe([written.Id]);

        await app.JobAction(written.Id, "close");

        FeatureIds(await Map($"?search={tag}")).ShouldBeEmpty();
    }
}
