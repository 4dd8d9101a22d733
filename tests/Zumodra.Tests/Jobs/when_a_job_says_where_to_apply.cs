using System.Diagnostics;
using Zumodra.Jobs;

namespace Zumodra.Tests.Jobs;

/// <summary>Where to apply (a web address or an email address) and the closing date, after which a job leaves browsing by itself.</summary>
[Collection(JobsCollection.Name)]
public sealed class when_a_job_says_where_to_apply(JobsApp app)
{
    private async Task<string> Html(string url) =>
        await (await app.Host.Scenario(s => s.Get.Url(url))).ReadAsTextAsync();

    /// <summary>Waits until the job left browsing, or a minute passed (scheduled messages are polled every few seconds).</summary>
    private async Task<bool> LeavesBrowsing(Guid id)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(1))
        {
            if (await app.BrowseJob(id) is null) return true;
            await Task.Delay(250);
        }
        return false;
    }

    [Fact]
    public async Task the_apply_address_and_closing_date_are_browsed_and_the_pages_link_to_it()
    {
        var tag = JobScenarios.NewTag();
        var closesAt = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(30).AddHours(17), TimeSpan.Zero);
        var form = JobScenarios.ATaggedJob(tag, "Apply Engineer") with { ApplyUrl = " https://careers.example.com/acme/42 ", ClosesAt = closesAt.ToOffset(TimeSpan.FromHours(2)) };

        var id = (await app.PostJob(form)).Id;

        var job = (await app.BrowseJob(id)).ShouldNotBeNull();
        job.ApplyUrl.ShouldBe("https://careers.example.com/acme/42");
        job.ApplyEmail.ShouldBeNull();
        job.ClosesAt.ShouldBe(closesAt);
        var details = await Html($"/jobs/{id}");
        details.ShouldContain("href=\"https://careers.example.com/acme/42\"");
        details.ShouldContain($"\"validThrough\":\"{closesAt.UtcDateTime:yyyy-MM-dd}T17:00:00Z\"");
        details.ShouldContain("\"directApply\":false");
        (await Html($"/jobs?search={tag}")).ShouldContain("href=\"https://careers.example.com/acme/42\"");
    }

    [Fact]
    public async Task an_email_address_becomes_a_mail_link_and_an_edit_can_switch_to_it()
    {
        var tag = JobScenarios.NewTag();
        var form = JobScenarios.ATaggedJob(tag, "Mail Engineer") with { ApplyUrl = "https://careers.example.com/mail" };
        var id = (await app.PostJob(form)).Id;

        await app.EditJob(id, form with { ApplyUrl = null, ApplyEmail = "jobs@acme.example.com" });

        var job = (await app.BrowseJob(id)).ShouldNotBeNull();
        job.ApplyUrl.ShouldBeNull();
        job.ApplyEmail.ShouldBe("jobs@acme.example.com");
        var details = await Html($"/jobs/{id}");
        details.ShouldContain("href=\"mailto:jobs@acme.example.com\"");
        details.ShouldNotContain("careers.example.com/mail");
    }

    [Fact]
    public async Task it_closes_by_itself_at_its_closing_date_but_not_at_a_date_it_was_moved_from()
    {
        // Seconds ahead, so that the posts and the edit are done before either date even on a busy machine.
        var soon = DateTimeOffset.UtcNow.AddSeconds(8);
        var moved = JobScenarios.AJob("Moved Date Engineer") with { ClosesAt = soon.AddSeconds(-1) };
        var staying = (await app.PostJob(moved)).Id;
        var closing = (await app.PostJob(JobScenarios.AJob("Closing Soon Engineer") with { ClosesAt = soon })).Id;
        await app.EditJob(staying, moved with { ClosesAt = DateTimeOffset.UtcNow.AddHours(1) });

        (await LeavesBrowsing(closing)).ShouldBeTrue("the job should leave browsing at its closing date");
        (await app.StreamEventTypes(closing)).ShouldContain(typeof(JobClosed));
        // The moved job's first message was due a second earlier, so it was handled by now too.
        (await app.BrowseJob(staying)).ShouldNotBeNull("the job's closing date was moved an hour on");
        (await app.StreamEventTypes(staying)).ShouldNotContain(typeof(JobClosed));
    }

    [Fact]
    public async Task a_job_whose_closing_date_passed_reopens_only_once_the_date_is_moved()
    {
        var form = JobScenarios.AJob("Reopened Late Engineer") with { ClosesAt = DateTimeOffset.UtcNow.AddSeconds(3) };
        var id = (await app.PostJob(form)).Id;
        (await LeavesBrowsing(id)).ShouldBeTrue();

        var refused = await app.SendAsAdmin(400, s => s.Post.Url($"/api/jobs/{id}/reopen"));
        (await refused.ReadProblem()).ErrorFields.ShouldBe(["closesAt"]);

        await app.EditJob(id, form with { ClosesAt = DateTimeOffset.UtcNow.AddDays(7) });
        await app.JobAction(id, "reopen");
        (await app.BrowseJob(id)).ShouldNotBeNull();
    }
}
