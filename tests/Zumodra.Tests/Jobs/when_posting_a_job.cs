using Zumodra.Tests.Infrastructure;

namespace Zumodra.Tests.Jobs;

[Collection(JobsCollection.Name)]
public sealed class when_posting_a_job(JobsApp app)
{
    [Fact]
    public async Task it_is_browsable_at_once_with_every_field()
    {
        var form = JobScenarios.AJob("Posted Engineer");

        var written = await app.PostJob(form);

        written.Version.ShouldBe(1);
        var item = await app.BrowseJob(written.Id);
        item.ShouldNotBeNull();
        item.Title.ShouldBe("Posted Engineer");
        item.CompanyName.ShouldBe("Acme");
        item.Latitude.ShouldBe(52.52);
        item.SalaryMax.ShouldBe(80000);
        item.Version.ShouldBe(1);
    }
}
