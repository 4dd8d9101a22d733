using Marten;
using Microsoft.AspNetCore.Mvc;
using Zumodra.Web.Browsing;

namespace Zumodra.Projects.Pages.Projects;

/// <summary>A company's open projects on its page (<see cref="Zumodra.BuildingBlocks.BrowseModule.CompanySection"/>): <c>/projects?companyId=</c> in brief.</summary>
[ViewComponent(Name = Name)]
public sealed class ProjectsAtCompany(IQuerySession session) : ViewComponent
{
    internal const string Name = "ProjectsAtCompany";

    public async Task<IViewComponentResult> InvokeAsync(Guid companyId)
    {
        var listing = await ProjectsListing.AtCompanyAsync(companyId, session, HttpContext.RequestAborted);
        return View(CompanySectionModel.View,
            listing.CompanySection("Open projects", "/Pages/Projects/_ProjectCard.cshtml", ProjectsIndexModel.Blank, "No open projects right now."));
    }
}
