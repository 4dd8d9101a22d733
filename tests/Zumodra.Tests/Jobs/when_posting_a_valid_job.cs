using System.Text.Json;
using Zumodra.Jobs;
using Zumodra.Jobs.Browsing;

namespace Zumodra.Tests.Jobs;

[Collection(JobsCollection.Name)]
public sealed class when_posting_a_valid_job(JobsApp app)
{
    [Fact]
    public async Task it_answers_201_with_the_location_and_the_new_id_at_version_1()
    {
        var result = await app.SendAsAdmin(201, s => s.Post.Json(JobScenarios.AJob("Created Engineer")).ToUrl("/api/jobs"));

        var body = await result.ReadJson();
        var id = body.GetProperty("id").GetGuid();
        id.ShouldNotBe(Guid.Empty);
        body.GetProperty("version").GetInt64().ShouldBe(1);
        result.Context.Response.Headers.Location.ToString().ShouldBe($"/api/jobs/{id}");
        (await app.StreamVersion(id)).ShouldBe(1);
        (await app.StreamEventTypes(id)).ShouldBe([typeof(JobPosted)]);
    }

    [Fact]
    public async Task the_location_header_points_at_the_job()
    {
        var result = await app.SendAsAdmin(201, s => s.Post.Json(JobScenarios.AJob("Locatable Engineer")).ToUrl("/api/jobs"));

        var location = result.Context.Response.Headers.Location.ToString();
        var fetched = await app.Send(200, s => s.Get.Url(location));
        (await fetched.ReadAsJsonAsync<JobBrowseItem>())!.Title.ShouldBe("Locatable Engineer");
    }

    [Fact]
    public async Task a_title_of_exactly_200_characters_is_accepted()
    {
        var title = new string('t', 200);

        var written = await app.PostJob(JobScenarios.AJob(title));

        (await app.BrowseJob(written.Id))!.Title.ShouldBe(title);
    }

    [Fact]
    public async Task only_title_and_job_type_are_required_and_text_is_trimmed()
    {
        var result = await app.SendAsAdmin(201, s => s.Post.RawJson("""{"title":"  Minimal Engineer  ","jobType":"internship","description":"   "}""").ToUrl("/api/jobs"));
        var id = (await result.ReadJson()).GetProperty("id").GetGuid();

        var job = (await app.BrowseJob(id))!;
        job.Title.ShouldBe("Minimal Engineer");
        job.Description.ShouldBeNull();
        job.JobType.ShouldBe("internship");
        job.Remote.ShouldBeFalse();
        job.Latitude.ShouldBeNull();
        job.SalaryMin.ShouldBeNull();
        job.Currency.ShouldBeNull();
    }

    [Fact]
    public async Task each_post_starts_a_new_stream()
    {
        var first = await app.PostJob(JobScenarios.AJob("Twin Engineer"));
        var second = await app.PostJob(JobScenarios.AJob("Twin Engineer"));

        second.Id.ShouldNotBe(first.Id);
        (await app.StreamVersion(first.Id)).ShouldBe(1);
        (await app.StreamVersion(second.Id)).ShouldBe(1);
    }

    [Fact]
    public async Task the_response_is_json_with_camel_case_names()
    {
        var result = await app.SendAsAdmin(201, s => s.Post.Json(JobScenarios.AJob()).ToUrl("/api/jobs"));

        result.Context.Response.ContentType.ShouldNotBeNull().ShouldStartWith("application/json");
        var body = await result.ReadJson();
        body.ValueKind.ShouldBe(JsonValueKind.Object);
        body.TryGetProperty("id", out _).ShouldBeTrue();
        body.TryGetProperty("version", out _).ShouldBeTrue();
    }
}
