using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Zumodra.BuildingBlocks;
using Zumodra.Projects.Browsing;
using Zumodra.Web.Browsing;

namespace Zumodra.Projects.Pages.Projects;

/// <summary><c>/projects/{id}</c>: one open project; 404 once closed, awarded or deleted.</summary>
public sealed class ProjectDetailsModel(IQuerySession session) : PageModel
{
    public ProjectBrowseItem? Project { get; private set; }

    public long Sequence { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellation)
    {
        Sequence = await session.HighestCommittedAsync(cancellation);
        Project = await session.LoadAsync<ProjectBrowseItem>(id, cancellation);
        if (Project is null) Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }

    public LivePageConfig Live(ProjectBrowseItem project) =>
        new(ProjectsBrowse.Module.Name, ProjectsBrowse.Module.ItemName, Filters: null, Sequence, ProjectsBrowse.Module.DetailUrl, ItemId: project.Id);
}
