using Zumodra.BuildingBlocks;
using Zumodra.Live.Contracts;
using Zumodra.Jobs.Pages.Jobs;
using Zumodra.Jobs.Seeding;

namespace Zumodra.Jobs.Browsing;

/// <summary>The jobs browse module as the rest of the application sees it, and how a job's values are filtered live.</summary>
internal static class JobsBrowse
{
    public static readonly BrowseModule Module = new()
    {
        Name = "jobs",
        ItemName = "job",
        Title = "Jobs",
        NavOrder = 10,
        ItemType = typeof(JobBrowseItem),
        EventTypes = [typeof(JobPosted), typeof(JobEdited), typeof(JobClosed), typeof(JobReopened), typeof(JobDeleted), typeof(JobCompanyRenamed)],
        Filters = new(Live: ["search", "location", "category", "type", "remote", "companyId"], Read: query => JobFilters.Read(query), Lists: ["type"]),
        Sidebar = new("Search jobs",
        [
            new SidebarSelect("location", "Location", "Any location"),
            new SidebarSelect("category", "Category", "Any category"),
            new SidebarChecks("type", "Job type", JobDisplay.TypeLabels),
            new SidebarYesNo("remote", "Workplace", "Remote or on-site", Yes: "Remote", No: "On-site"),
            new SidebarScope("companyId", "Company"),
        ]),
        OrderField = "postedAt",
        Sorts = [new("newest", "Newest first"), new("salary", "Highest salary")],
        CompanySection = JobsAtCompany.Name,
        DemoData = typeof(JobsDemoData),
    };

    public static FilterableValues Filterable(JobBrowseItem job) => new(
        $"{job.Title} {job.Description}",
        new Dictionary<string, string[]>
        {
            ["location"] = job.Location is null ? [] : [job.Location],
            ["category"] = job.Category is null ? [] : [job.Category],
            ["type"] = [job.JobType],
            ["remote"] = [job.Remote ? "true" : "false"],
            ["companyId"] = job.CompanyId is { } companyId ? [companyId.ToString()] : [],
        });
}
