using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Zumodra.Jobs;
using Zumodra.Tests.Jobs;

namespace Zumodra.Tests.Admin;

[Collection(AdminCollection.Name)]
public sealed class when_reading_a_stream_history(AdminApp app)
{
    [Fact]
    public async Task it_is_every_event_in_order_with_its_data_and_who_wrote_it()
    {
        var posted = JobScenarios.AJob("History Engineer");
        var edited = posted with { Title = "History Engineer II", SalaryMax = 90000 };
        var job = await app.PostJob(posted);
        await app.EditJob(job.Id, edited);
        await app.JobAction(job.Id, "close");
        await app.JobAction(job.Id, "reopen");

        var history = await app.GetAsAdmin($"/api/admin/streams/{job.Id}/events");

        history.GetProperty("id").GetGuid().ShouldBe(job.Id);
        history.GetProperty("version").GetInt64().ShouldBe(4);
        history.GetProperty("type").GetString().ShouldBe("job");
        var events = history.GetProperty("events").EnumerateArray().ToList();
        events.Select(e => e.GetProperty("clrType").GetString()).ShouldBe([nameof(JobPosted), nameof(JobEdited), nameof(JobClosed), nameof(JobReopened)]);
        events.Select(e => e.GetProperty("type").GetString()).ShouldBe(["job_posted", "job_edited", "job_closed", "job_reopened"]);
        events.Select(e => e.GetProperty("version").GetInt64()).ShouldBe([1L, 2L, 3L, 4L]);
        var sequences = events.Select(e => e.GetProperty("sequence").GetInt64()).ToList();
        sequences.ShouldBe(sequences.Order().ToList());
        sequences.Distinct().Count().ShouldBe(4);
        events.Select(e => e.GetProperty("timestamp").GetDateTimeOffset()).ShouldBeInOrder();

        // The data is exactly what was written.
        var first = events[0].GetProperty("data");
        first.GetProperty("jobId").GetGuid().ShouldBe(job.Id);
        var details = first.GetProperty("details");
        details.GetProperty("title").GetString().ShouldBe("History Engineer");
        details.GetProperty("salaryMax").GetDecimal().ShouldBe(80000m);
        details.GetProperty("location").GetString().ShouldBe(posted.Location);
        events[1].GetProperty("data").GetProperty("details").GetProperty("title").GetString().ShouldBe("History Engineer II");
        events[1].GetProperty("data").GetProperty("details").GetProperty("salaryMax").GetDecimal().ShouldBe(90000m);
        events[3].GetProperty("data").GetProperty("details").GetProperty("title").GetString().ShouldBe("History Engineer II");

        // Who did it: the admin token's subject, on every write; each request has its correlation id.
        events.ShouldAllBe(e => e.GetProperty("userName").GetString() == "admin");
        events.ShouldAllBe(e => !string.IsNullOrEmpty(e.GetProperty("correlationId").GetString()));
        events.Select(e => e.GetProperty("correlationId").GetString()).Distinct().Count().ShouldBe(4);
    }

    [Fact]
    public async Task the_user_is_whoever_held_the_token()
    {
        var token = app.Host.Services.GetRequiredService<Zumodra.Host.Infrastructure.AdminTokens>().Issue("maria@example.com");
        var result = await app.Send(201, s =>
        {
            s.Post.Json(JobScenarios.AJob()).ToUrl("/api/jobs");
            s.WithBearerToken(token);
        });
        var id = (await result.ReadJson()).GetProperty("id").GetGuid();

        var history = await app.GetAsAdmin($"/api/admin/streams/{id}/events");

        history.GetProperty("events")[0].GetProperty("userName").GetString().ShouldBe("maria@example.com");
    }

    [Fact]
    public async Task an_unknown_stream_is_404()
    {
        var result = await app.SendAsAdmin(404, s => s.Get.Url($"/api/admin/streams/{Guid.NewGuid()}/events"));
        (await result.ReadProblem()).Status.ShouldBe(404);
    }
}
