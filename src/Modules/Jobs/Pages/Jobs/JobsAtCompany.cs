using Marten;
using Microsoft.AspNetCore.Mvc;
using Zumodra.Web.Browsing;

namespace Zumodra.Jobs.Pages.Jobs;

/// <summary>A company's open jobs on its page (<see cref="Zumodra.BuildingBlocks.BrowseModule.CompanySection"/>): <c>/jobs?companyId=</c> in brief.</summary>
[ViewComponent(Name = Name)]
public sealed class JobsAtCompany(IQuerySession session) : ViewComponent
{
    internal const string Name = "JobsAtCompany";

    public async Task<IViewComponentResult> InvokeAsync(Guid companyId)
    {
        var listing = await JobsListing.AtCompanyAsync(companyId, session, HttpContext.RequestAborted);
        return View(CompanySectionModel.View,
            listing.CompanySection("Open jobs", "/Pages/Jobs/_JobCard.cshtml", JobsIndexModel.Blank, "No open jobs right now."));
    }
}
