using Marten;
using Wolverine.Tracking;
using Zumodra.BuildingBlocks;
using Zumodra.Companies;
using Zumodra.Companies.CountingOpenJobs;
using Zumodra.Companies.Contracts;
using Zumodra.Jobs.Contracts;
using Zumodra.Jobs;
using Zumodra.Tests.Infrastructure;
using Zumodra.Tests.Jobs;

namespace Zumodra.Tests.Companies;

/// <summary>
/// The two modules keep each other current only through contract messages on durable local queues, so every
/// step waits for the messages it caused (Wolverine's tracking) before looking, through the HTTP API only.
/// </summary>
[Collection(CompaniesCollection.Name)]
public sealed class when_jobs_and_companies_change(CompaniesApp app)
{
    [Fact]
    public async Task the_company_counts_its_open_jobs_and_its_jobs_follow_its_name()
    {
        var oldName = CompanyScenarios.Unique("Old");
        var company = await app.AndWait(() => app.RegisterCompany(CompanyScenarios.ACompany(oldName)));
        var other = await app.AndWait(() => app.RegisterCompany(CompanyScenarios.ACompany(CompanyScenarios.Unique("Other"))));
        var otherJob = await app.PostJobAndWait(CompanyScenarios.AJobAt(other.Id, "Other Name On The Job"));

        var jobs = new List<Guid>();
        for (var i = 0; i < 3; i++) jobs.Add((await app.PostJobAndWait(CompanyScenarios.AJobAt(company.Id, oldName, $"Engineer {i}"))).Id);
        (await OpenJobs(company.Id)).ShouldBe(3);

        await app.JobActionAndWait(jobs[0], "close");
        (await OpenJobs(company.Id)).ShouldBe(2);

        await app.JobActionAndWait(jobs[0], "reopen");
        (await OpenJobs(company.Id)).ShouldBe(3);

        await app.JobActionAndWait(jobs[1], "delete");
        (await OpenJobs(company.Id)).ShouldBe(2);
        (await OpenJobs(other.Id)).ShouldBe(1);

        // jobs[2] is closed while the company is renamed.
        await app.JobActionAndWait(jobs[2], "close");
        (await OpenJobs(company.Id)).ShouldBe(1);

        var newName = CompanyScenarios.Unique("New");
        await app.AndWait(() => app.EditCompany(company.Id, CompanyScenarios.ACompany(newName)));

        (await app.BrowseCompany(company.Id))!.Name.ShouldBe(newName);
        var renamed = (await app.BrowseJob(jobs[0]))!;
        renamed.CompanyName.ShouldBe(newName);
        renamed.UpdatedAt.ShouldBeGreaterThan(renamed.PostedAt);
        (await app.BrowseJob(jobs[2])).ShouldBeNull();
        (await app.BrowseJob(otherJob.Id))!.CompanyName.ShouldBe("Other Name On The Job");

        await app.JobActionAndWait(jobs[2], "reopen");
        (await app.BrowseJob(jobs[2]))!.CompanyName.ShouldBe(newName);
        (await OpenJobs(company.Id)).ShouldBe(2);
    }

    [Fact]
    public async Task moving_a_job_to_another_company_recounts_both()
    {
        var from = await app.AndWait(() => app.RegisterCompany(CompanyScenarios.ACompany(CompanyScenarios.Unique("From"))));
        var to = await app.AndWait(() => app.RegisterCompany(CompanyScenarios.ACompany(CompanyScenarios.Unique("To"))));
        var job = await app.PostJobAndWait(CompanyScenarios.AJobAt(from.Id, "From"));
        (await OpenJobs(from.Id)).ShouldBe(1);

        await app.AndWait(() => app.EditJob(job.Id, CompanyScenarios.AJobAt(to.Id, "To")));

        (await OpenJobs(from.Id)).ShouldBe(0);
        (await OpenJobs(to.Id)).ShouldBe(1);

        await app.AndWait(() => app.EditJob(job.Id, CompanyScenarios.AJobAt(to.Id, "To") with { CompanyId = null }));
        (await OpenJobs(to.Id)).ShouldBe(0);
    }

    [Fact]
    public async Task a_renamed_company_does_not_rename_its_deleted_jobs_and_an_unchanged_name_renames_nothing()
    {
        var name = CompanyScenarios.Unique("Named");
        var company = await app.AndWait(() => app.RegisterCompany(CompanyScenarios.ACompany(name)));
        var open = await app.PostJobAndWait(CompanyScenarios.AJobAt(company.Id, name));
        var deleted = await app.PostJobAndWait(CompanyScenarios.AJobAt(company.Id, name));
        await app.JobActionAndWait(deleted.Id, "delete");

        // Same name, another description: not a rename.
        await app.AndWait(() => app.EditCompany(company.Id, CompanyScenarios.ACompany(name) with { Description = "Now with more robots." }));
        (await app.BrowseJob(open.Id))!.Version.ShouldBe(1);

        var newName = CompanyScenarios.Unique("Renamed");
        await app.AndWait(() => app.EditCompany(company.Id, CompanyScenarios.ACompany(newName)));
        (await app.BrowseJob(open.Id))!.Version.ShouldBe(2);
        (await app.StreamVersion(deleted.Id)).ShouldBe(2);
    }

    [Fact]
    public async Task jobs_without_a_known_company_and_deleted_companies_get_no_counts()
    {
        var unknownCompany = Guid.NewGuid();
        await app.PostJobAndWait(CompanyScenarios.AJobAt(unknownCompany, "Nobody"));
        (await app.StreamVersion(unknownCompany)).ShouldBe(0);

        var company = await app.AndWait(() => app.RegisterCompany(CompanyScenarios.ACompany(CompanyScenarios.Unique("Gone"))));
        await app.AndWait(() => app.CompanyAction(company.Id, "delete"));
        await app.PostJobAndWait(CompanyScenarios.AJobAt(company.Id, "Gone"));

        (await app.StreamVersion(company.Id)).ShouldBe(2);
        (await app.BrowseCompany(company.Id)).ShouldBeNull();
    }

    [Fact]
    public async Task only_jobs_that_may_touch_a_company_are_told_to_the_companies_module()
    {
        async Task<int> ListingChanges(Func<Task> action)
        {
            var tracked = await app.Host.TrackActivity().Timeout(TimeSpan.FromSeconds(30)).ExecuteAndWaitAsync((Func<Wolverine.IMessageContext, Task>)(_ => action()));
            return tracked.Sent.MessagesOf<JobListingChanged>().Count();
        }
        var company = await app.AndWait(() => app.RegisterCompany(CompanyScenarios.ACompany(CompanyScenarios.Unique("Told"))));
        Written? alone = null;

        (await ListingChanges(async () => alone = await app.PostJob(JobScenarios.AJob("No Company Engineer") with { CompanyId = null, CompanyName = null }))).ShouldBe(0);
        (await ListingChanges(() => app.JobAction(alone!.Id, "close"))).ShouldBe(1);
        (await ListingChanges(() => app.JobAction(alone!.Id, "reopen"))).ShouldBe(0);
        (await ListingChanges(() => app.EditJob(alone!.Id, CompanyScenarios.AJobAt(company.Id, "Told")))).ShouldBe(1);
        (await ListingChanges(() => app.PostJob(CompanyScenarios.AJobAt(company.Id, "Told")))).ShouldBe(1);

        (await OpenJobs(company.Id)).ShouldBe(2);
    }

    [Fact]
    public async Task redelivered_messages_change_nothing()
    {
        var name = CompanyScenarios.Unique("Twice");
        var company = await app.AndWait(() => app.RegisterCompany(CompanyScenarios.ACompany(name)));
        var job = await app.PostJobAndWait(CompanyScenarios.AJobAt(company.Id, name));
        var companyVersion = await app.StreamVersion(company.Id);

        await app.Host.InvokeMessageAndWaitAsync(new JobListingChanged(job.Id, company.Id, true));
        await app.Host.InvokeMessageAndWaitAsync(new CompanyRenamed(company.Id, name));

        (await app.StreamVersion(company.Id)).ShouldBe(companyVersion);
        (await app.StreamVersion(job.Id)).ShouldBe(1);
        (await OpenJobs(company.Id)).ShouldBe(1);
        await using var session = app.Host.DocumentStore().QuerySession();
        (await session.Query<OpenJobListing>().CountAsync(x => x.CompanyId == company.Id)).ShouldBe(1);
    }

    [Fact]
    public async Task a_count_that_fails_for_a_moment_is_retried_in_place_not_dead_lettered()
    {
        var company = await app.AndWait(() => app.RegisterCompany(CompanyScenarios.ACompany(CompanyScenarios.Unique("Blip"))));

        // The Companies module's listings are briefly unreachable (their table renamed away) while a job is posted.
        await using (await TestDatabase.TableAwayAsync(app.Database.ConnectionString, "companies", "mt_doc_openjoblisting"))
        {
            await app.PostJob(CompanyScenarios.AJobAt(company.Id, "Blip"));
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (await OpenJobs(company.Id) == 0 && clock.Elapsed < TimeSpan.FromSeconds(20)) await Task.Delay(100);
        (await OpenJobs(company.Id)).ShouldBe(1);
    }

    private async Task<int> OpenJobs(Guid companyId) => (await app.BrowseCompany(companyId))!.OpenJobs;
}
