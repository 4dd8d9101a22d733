using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Primitives;
using Zumodra.Projects.Browsing;
using Zumodra.Web.Browsing;

namespace Zumodra.Projects.Pages.Projects;

/// <summary>A company's open projects on its page (<see cref="Zumodra.BuildingBlocks.BrowseModule.CompanySection"/>): <c>/projects?companyId=</c> in brief.</summary>
[ViewComponent(Name = Name)]
public sealed class ProjectsAtCompany(IQuerySession session) : ViewComponent
{
    internal const string Name = "ProjectsAtCompany";

    public async Task<IViewComponentResult> InvokeAsync(Guid companyId)
    {
        var query = new QueryCollection(new Dictionary<string, StringValues>
        {
            ["companyId"] = companyId.ToString(),
            ["pageSize"] = CompanySectionModel.PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var listing = await ProjectsListing.LoadAsync(ProjectsBrowse.Module.PagePath, query, session, HttpContext.RequestAborted);
        return View("/Pages/Shared/_CompanySection.cshtml",
            listing.CompanySection("Open projects", "/Pages/Projects/_ProjectCard.cshtml", ProjectsIndexModel.Blank, "No open projects right now."));
    }
}
