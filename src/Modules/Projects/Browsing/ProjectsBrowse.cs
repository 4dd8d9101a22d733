using Zumodra.BuildingBlocks;
using Zumodra.Live.Contracts;
using Zumodra.Projects.Pages.Projects;
using Zumodra.Projects.Seeding;

namespace Zumodra.Projects.Browsing;

/// <summary>The projects browse module as the rest of the application sees it, and how a project's values are filtered live.</summary>
internal static class ProjectsBrowse
{
    public static readonly BrowseModule Module = new()
    {
        Name = "projects",
        ItemName = "project",
        Title = "Projects",
        NavOrder = 30,
        ItemType = typeof(ProjectBrowseItem),
        EventTypes =
        [
            typeof(ProjectPublished), typeof(ProjectEdited), typeof(ProjectAwarded), typeof(ProjectClosed), typeof(ProjectReopened), typeof(ProjectDeleted),
        ],
        // Budget ranges are not live filters (live filters match values); the pages reconcile them with the API instead.
        Filters = new(Live: ["search", "location", "category", "skill", "remote", "companyId"], Read: query => ProjectFilters.Read(query), Lists: ["skill"],
            Reconciled: ["budgetMin", "budgetMax"]),
        Sidebar = new("Search projects",
        [
            new SidebarSelect("location", "Location", "Any location"),
            new SidebarSelect("category", "Category", "Any category"),
            new SidebarChecks("skill", "Skills"),
            new SidebarYesNo("remote", "Workplace", "Remote or on-site", Yes: "Remote", No: "On-site"),
            new SidebarScope("companyId", "Company"),
            new SidebarRange("budgetMin", "budgetMax", "Budget"),
        ]),
        OrderField = "publishedAt",
        Sorts = [new("newest", "Newest first"), new("budget", "Largest budget"), new("deadline", "Soonest deadline")],
        CompanySection = ProjectsAtCompany.Name,
        DemoData = typeof(ProjectsDemoData),
    };

    public static FilterableValues Filterable(ProjectBrowseItem project) => new(
        $"{project.Title} {project.Description}",
        new Dictionary<string, string[]>
        {
            ["location"] = project.Location is null ? [] : [project.Location],
            ["category"] = project.Category is null ? [] : [project.Category],
            ["skill"] = project.Skills,
            ["remote"] = [project.Remote ? "true" : "false"],
            ["companyId"] = project.CompanyId is { } companyId ? [companyId.ToString()] : [],
        });
}
