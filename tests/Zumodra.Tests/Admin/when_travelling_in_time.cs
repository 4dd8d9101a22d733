using System.Globalization;
using System.Text.Json;
using Zumodra.Jobs.Browsing;
using Zumodra.Tests.Companies;
using Zumodra.Tests.Jobs;
using Zumodra.Tests.Projects;

namespace Zumodra.Tests.Admin;

[Collection(AdminCollection.Name)]
public sealed class when_travelling_in_time(AdminApp app)
{
    /// <summary>A job posted, edited, closed and reopened under a new title; and when each version was written.</summary>
    private async Task<(Guid Id, DateTimeOffset[] Written)> AJobWithAHistory()
    {
        var form = JobScenarios.AJob("Time Traveller");
        var job = await app.PostJob(form);
        await app.EditJob(job.Id, form with { Title = "Time Traveller II", SalaryMin = 61000 });
        await app.JobAction(job.Id, "close");
        await app.EditJob(job.Id, form with { Title = "Time Traveller III" });
        await app.JobAction(job.Id, "reopen");
        var history = await app.GetAsAdmin($"/api/admin/streams/{job.Id}/events");
        return (job.Id, history.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("timestamp").GetDateTimeOffset()).ToArray());
    }

    private static string Iso(DateTimeOffset time) => Uri.EscapeDataString(time.ToString("O", CultureInfo.InvariantCulture));

    [Fact]
    public async Task a_job_at_each_version_is_what_was_written_then()
    {
        var (id, _) = await AJobWithAHistory();

        var v1 = await app.GetAsAdmin($"/api/jobs/{id}?version=1");
        v1.GetProperty("title").GetString().ShouldBe("Time Traveller");
        v1.GetProperty("version").GetInt64().ShouldBe(1);
        v1.GetProperty("salaryMin").GetDecimal().ShouldBe(60000m);

        var v2 = await app.GetAsAdmin($"/api/jobs/{id}?version=2");
        v2.GetProperty("title").GetString().ShouldBe("Time Traveller II");
        v2.GetProperty("salaryMin").GetDecimal().ShouldBe(61000m);
        v2.GetProperty("version").GetInt64().ShouldBe(2);

        // Closed: not browsable at versions 3 and 4, as the public GET would have said then.
        await app.SendAsAdmin(404, s => s.Get.Url($"/api/jobs/{id}?version=3"));
        await app.SendAsAdmin(404, s => s.Get.Url($"/api/jobs/{id}?version=4"));

        var v5 = await app.GetAsAdmin($"/api/jobs/{id}?version=5");
        v5.GetProperty("title").GetString().ShouldBe("Time Traveller III");

        // The current version through time travel is exactly what the public API serves now.
        var now = await app.Send(200, s => s.Get.Url($"/api/jobs/{id}"));
        v5.GetRawText().ShouldBe((await now.ReadJson()).GetRawText());
    }

    [Fact]
    public async Task a_job_as_of_a_time_is_the_version_written_by_then()
    {
        var (id, written) = await AJobWithAHistory();

        (await app.GetAsAdmin($"/api/jobs/{id}?asOf={Iso(written[0])}")).GetProperty("version").GetInt64().ShouldBe(1);
        (await app.GetAsAdmin($"/api/jobs/{id}?asOf={Iso(written[1])}")).GetProperty("title").GetString().ShouldBe("Time Traveller II");
        await app.SendAsAdmin(404, s => s.Get.Url($"/api/jobs/{id}?asOf={Iso(written[2])}"));
        await app.SendAsAdmin(404, s => s.Get.Url($"/api/jobs/{id}?asOf={Iso(written[0].AddDays(-1))}"));
        (await app.GetAsAdmin($"/api/jobs/{id}?asOf={Iso(written[4].AddMinutes(1))}")).GetProperty("title").GetString().ShouldBe("Time Traveller III");
    }

    [Fact]
    public async Task the_admin_item_endpoint_shows_every_read_model_of_the_stream()
    {
        var (id, _) = await AJobWithAHistory();

        var closed = await app.GetAsAdmin($"/api/admin/items/{id}?version=3");
        closed.GetProperty("version").GetInt64().ShouldBe(3);
        closed.GetProperty("streamType").GetString().ShouldBe("job");
        var documents = closed.GetProperty("documents");
        documents.TryGetProperty(nameof(JobBrowseItem), out _).ShouldBeFalse("a closed job has no browse item");
        documents.GetProperty("Job").GetProperty("status").GetInt32().ShouldBe((int)Zumodra.Jobs.JobStatus.Closed);
        documents.GetProperty("Job").GetProperty("details").GetProperty("title").GetString().ShouldBe("Time Traveller II");

        var current = await app.GetAsAdmin($"/api/admin/items/{id}");
        current.GetProperty("version").GetInt64().ShouldBe(5);
        current.GetProperty("documents").GetProperty(nameof(JobBrowseItem)).GetProperty("title").GetString().ShouldBe("Time Traveller III");
        current.GetProperty("documents").EnumerateObject().Select(x => x.Name).ShouldNotContain("CompanyBrowseItem");
    }

    [Fact]
    public async Task companies_and_projects_travel_too()
    {
        var company = await app.RegisterCompany(CompanyScenarios.ACompany("Chronos Ltd"));
        await app.EditCompany(company.Id, CompanyScenarios.ACompany("Chronos Group"));
        var project = await app.PublishProject(ProjectScenarios.AProject("Build a time machine"));
        await app.EditProject(project.Id, ProjectScenarios.AProject("Build a better time machine"));

        (await app.GetAsAdmin($"/api/companies/{company.Id}?version=1")).GetProperty("name").GetString().ShouldBe("Chronos Ltd");
        (await app.GetAsAdmin($"/api/projects/{project.Id}?version=1")).GetProperty("title").GetString().ShouldBe("Build a time machine");
        (await app.GetAsAdmin($"/api/projects/{project.Id}?version=2")).GetProperty("title").GetString().ShouldBe("Build a better time machine");
    }

    [Fact]
    public async Task without_asOf_or_version_the_item_stays_public()
    {
        var job = await app.PostJob();
        await app.Send(200, s => s.Get.Url($"/api/jobs/{job.Id}"));
        await app.Send(401, s => s.Get.Url($"/api/jobs/{job.Id}?version=1"));
        await app.Send(403, s =>
        {
            s.Get.Url($"/api/jobs/{job.Id}?asOf=2025-01-01T00:00:00Z");
            s.WithBearerToken(app.VisitorToken);
        });
    }

    [Theory]
    [InlineData("version=0", "version")]
    [InlineData("version=abc", "version")]
    [InlineData("asOf=yesterday", "asOf")]
    [InlineData("version=1&asOf=2025-01-01T00:00:00Z", "version")]
    public async Task bad_points_in_time_are_400_naming_the_parameter(string query, string field)
    {
        var job = await app.PostJob();
        var result = await app.SendAsAdmin(400, s => s.Get.Url($"/api/jobs/{job.Id}?{query}"));
        (await result.ReadProblem()).ErrorFields.ShouldContain(field);
        var admin = await app.SendAsAdmin(400, s => s.Get.Url($"/api/admin/items/{job.Id}?{query}"));
        (await admin.ReadProblem()).ErrorFields.ShouldContain(field);
    }

    [Fact]
    public async Task an_unknown_item_is_404()
    {
        await app.SendAsAdmin(404, s => s.Get.Url($"/api/jobs/{Guid.NewGuid()}?version=1"));
        await app.SendAsAdmin(404, s => s.Get.Url($"/api/admin/items/{Guid.NewGuid()}"));
    }
}
