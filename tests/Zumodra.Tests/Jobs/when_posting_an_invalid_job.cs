using Zumodra.Jobs;

namespace Zumodra.Tests.Jobs;

/// <summary>Every invariant of <see cref="JobForm"/>: a 400 naming the field, and nothing written.</summary>
[Collection(JobsCollection.Name)]
public sealed class when_posting_an_invalid_job(JobsApp app)
{
    private static readonly JobForm Valid = JobScenarios.AJob("Invariant Engineer");

    public static TheoryData<string, JobForm, string> Invalid => new()
    {
        { "salary min above max", Valid with { SalaryMin = 90_000, SalaryMax = 80_000 }, "salaryMin" },
        { "negative salary min", Valid with { SalaryMin = -1 }, "salaryMin" },
        { "negative salary max", Valid with { SalaryMin = null, SalaryMax = -1 }, "salaryMax" },
        { "latitude above 90", Valid with { Latitude = 90.0001 }, "latitude" },
        { "latitude below -90", Valid with { Latitude = -91 }, "latitude" },
        { "longitude above 180", Valid with { Longitude = 180.5 }, "longitude" },
        { "longitude below -180", Valid with { Longitude = -181 }, "longitude" },
        { "latitude without longitude", Valid with { Longitude = null }, "longitude" },
        { "longitude without latitude", Valid with { Latitude = null }, "latitude" },
        { "title missing", Valid with { Title = null }, "title" },
        { "title empty", Valid with { Title = "" }, "title" },
        { "title blank", Valid with { Title = "   " }, "title" },
        { "title of 201 characters", Valid with { Title = new string('x', 201) }, "title" },
        { "job type missing", Valid with { JobType = null }, "jobType" },
        { "job type unknown", Valid with { JobType = "freelance" }, "jobType" },
        { "job type in the wrong case", Valid with { JobType = "Full_Time" }, "jobType" },
        { "currency not ISO", Valid with { Currency = "eur" }, "currency" },
        { "currency too long", Valid with { Currency = "EURO" }, "currency" },
        { "description too long", Valid with { Description = new string('d', 20_001) }, "description" },
        { "company name too long", Valid with { CompanyName = new string('c', 201) }, "companyName" },
        { "location too long", Valid with { Location = new string('l', 201) }, "location" },
        { "category too long", Valid with { Category = new string('k', 101) }, "category" },
        { "apply URL relative", Valid with { ApplyUrl = "/careers/apply" }, "applyUrl" },
        { "apply URL with a script scheme", Valid with { ApplyUrl = "javascript:alert(1)" }, "applyUrl" },
        { "apply URL not http", Valid with { ApplyUrl = "ftp://careers.example.com/apply" }, "applyUrl" },
        { "apply email without a domain", Valid with { ApplyEmail = "jobs" }, "applyEmail" },
        { "apply email with a display name", Valid with { ApplyEmail = "Jobs <jobs@example.com>" }, "applyEmail" },
        { "apply email with a space", Valid with { ApplyEmail = "job s@example.com" }, "applyEmail" },
        { "apply email on a bare host", Valid with { ApplyEmail = "jobs@localhost" }, "applyEmail" },
        { "apply email with a NUL", Valid with { ApplyEmail = "jobs\u0000@example.com" }, "applyEmail" },
        { "both an apply URL and an apply email", Valid with { ApplyUrl = "https://example.com/apply", ApplyEmail = "jobs@example.com" }, "applyEmail" },
        { "closing date passed", Valid with { ClosesAt = DateTimeOffset.UtcNow.AddMinutes(-1) }, "closesAt" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public async Task it_is_rejected_naming_the_field_and_nothing_is_written(string _, JobForm form, string field)
    {
        var eventsBefore = await app.EventCount();

        var result = await app.SendAsAdmin(400, s => s.Post.Json(form).ToUrl("/api/jobs"));

        var problem = await result.ReadProblem();
        problem.Status.ShouldBe(400);
        problem.ErrorFields.ShouldBe([field], $"because {problem}");
        problem.ErrorsOf(field).ShouldNotBeEmpty();
        (await app.EventCount()).ShouldBe(eventsBefore);
    }

    [Fact]
    public async Task every_broken_field_is_reported_at_once()
    {
        var form = Valid with { Title = "", JobType = "gig", Latitude = 100, SalaryMin = 5, SalaryMax = 1 };

        var result = await app.SendAsAdmin(400, s => s.Post.Json(form).ToUrl("/api/jobs"));

        (await result.ReadProblem()).ErrorFields.ShouldBe(["title", "jobType", "latitude", "salaryMin"], ignoreOrder: true);
    }

    [Fact]
    public async Task the_bounds_themselves_are_valid()
    {
        var written = await app.PostJob(Valid with { Latitude = -90, Longitude = 180, SalaryMin = 50_000, SalaryMax = 50_000 });

        var job = (await app.BrowseJob(written.Id))!;
        job.Latitude.ShouldBe(-90);
        job.Longitude.ShouldBe(180);
        job.SalaryMin.ShouldBe(50_000);
    }

    [Fact]
    public async Task editing_into_an_invalid_job_is_rejected_the_same_way_and_writes_nothing()
    {
        var written = await app.PostJob(Valid);

        var result = await app.SendAsAdmin(400, s => s.Put.Json(Valid with { SalaryMin = 99_999, SalaryMax = 1 }).ToUrl($"/api/jobs/{written.Id}"));

        (await result.ReadProblem()).ErrorFields.ShouldBe(["salaryMin"]);
        (await app.StreamVersion(written.Id)).ShouldBe(1);
        (await app.BrowseJob(written.Id))!.SalaryMin.ShouldBe(Valid.SalaryMin);
    }
}
