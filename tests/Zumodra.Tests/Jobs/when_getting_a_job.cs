using Zumodra.Jobs;
using Zumodra.Jobs.Browsing;

namespace Zumodra.Tests.Jobs;

[Collection(JobsCollection.Name)]
public sealed class when_getting_a_job(JobsApp app)
{
    [Fact]
    public async Task get_by_id_returns_every_field_as_posted()
    {
        var form = new JobForm("Full Field Engineer", "Ship things.", Guid.NewGuid(), "Globex", "Lisbon, Portugal", 38.722, -9.139,
            "Data", "contract", true, 41000.50m, 52000.75m, "USD");
        var before = DateTimeOffset.UtcNow;

        var written = await app.PostJob(form);

        var result = await app.Send(200, s => s.Get.Url($"/api/jobs/{written.Id}"));
        var job = (await result.ReadAsJsonAsync<JobBrowseItem>())!;
        job.Id.ShouldBe(written.Id);
        job.Title.ShouldBe("Full Field Engineer");
        job.Description.ShouldBe("Ship things.");
        job.CompanyId.ShouldBe(form.CompanyId);
        job.CompanyName.ShouldBe("Globex");
        job.Location.ShouldBe("Lisbon, Portugal");
        job.Latitude.ShouldBe(38.722);
        job.Longitude.ShouldBe(-9.139);
        job.Category.ShouldBe("Data");
        job.JobType.ShouldBe("contract");
        job.Remote.ShouldBeTrue();
        job.SalaryMin.ShouldBe(41000.50m);
        job.SalaryMax.ShouldBe(52000.75m);
        job.Currency.ShouldBe("USD");
        job.PostedAt.ShouldBeInRange(before, DateTimeOffset.UtcNow);
        job.UpdatedAt.ShouldBe(job.PostedAt);
        job.Version.ShouldBe(1);
    }

    [Fact]
    public async Task it_needs_no_token_and_answers_json()
    {
        var written = await app.PostJob(JobScenarios.AJob("Anonymous Read"));

        var result = await app.Send(200, s => s.Get.Url($"/api/jobs/{written.Id}"));

        result.Context.Response.ContentType.ShouldNotBeNull().ShouldStartWith("application/json");
        (await result.ReadJson()).GetProperty("title").GetString().ShouldBe("Anonymous Read");
    }

    public static TheoryData<string> GoneStates => ["closed", "deleted", "unknown"];

    [Theory]
    [MemberData(nameof(GoneStates))]
    public async Task a_job_that_is_not_open_is_a_404_problem(string state)
    {
        var id = Guid.NewGuid();
        if (state != "unknown")
        {
            id = (await app.PostJob(JobScenarios.AJob("Not Open"))).Id;
            await app.JobAction(id, state == "closed" ? "close" : "delete");
        }

        var result = await app.Send(404, s => s.Get.Url($"/api/jobs/{id}"));

        var problem = await result.ReadProblem();
        problem.Status.ShouldBe(404);
        problem.Title.ShouldBe("Job not found");
        problem.Detail.ShouldBe($"No open job has id {id}.");
    }

    [Fact]
    public async Task an_id_that_is_not_a_guid_is_a_404_problem()
    {
        var result = await app.Send(404, s => s.Get.Url("/api/jobs/not-a-guid"));

        (await result.ReadProblem()).Status.ShouldBe(404);
    }
}
