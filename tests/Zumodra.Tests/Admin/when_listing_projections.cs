using Zumodra.Tests.Jobs;

namespace Zumodra.Tests.Admin;

[Collection(AdminCollection.Name)]
public sealed class when_listing_projections(AdminApp app)
{
    [Fact]
    public async Task every_module_projection_is_there_with_its_position_against_the_high_water_mark()
    {
        await app.PostJob();

        var overview = await app.GetAsAdmin("/api/admin/projections");

        var high = overview.GetProperty("highWaterMark").GetInt64();
        high.ShouldBeGreaterThan(0);
        var projections = overview.GetProperty("projections").EnumerateArray().ToDictionary(x => x.GetProperty("name").GetString()!);
        projections.Keys.ShouldBe(["Company", "CompanyBrowseItem", "Job", "JobBrowseItem", "ProjectBrowseItem"], ignoreOrder: true);
        foreach (var projection in projections.Values)
        {
            projection.GetProperty("lifecycle").GetString().ShouldBe("inline");
            projection.GetProperty("kind").GetString().ShouldBe("single_stream_projection");
            projection.GetProperty("position").GetInt64().ShouldBe(high);
            projection.GetProperty("behind").GetInt64().ShouldBe(0);
            projection.GetProperty("rebuildable").GetBoolean().ShouldBeTrue();
            projection.GetProperty("statusUrl").GetString().ShouldBe($"/api/admin/projections/{projection.GetProperty("name").GetString()}/rebuild");
        }
        projections["JobBrowseItem"].GetProperty("table").GetString().ShouldBe("jobs.mt_doc_jobbrowseitem");
        projections["JobBrowseItem"].GetProperty("documents").GetInt64().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task an_unknown_projection_is_404()
    {
        await app.SendAsAdmin(404, s => s.Post.Url("/api/admin/projections/NoSuchThing/rebuild"));
        await app.SendAsAdmin(404, s => s.Get.Url("/api/admin/projections/NoSuchThing/rebuild"));
    }
}
