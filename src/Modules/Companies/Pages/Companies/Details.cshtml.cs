using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Zumodra.BuildingBlocks;
using Zumodra.Companies.Browsing;
using Zumodra.Web.Browsing;

namespace Zumodra.Companies.Pages.Companies;

/// <summary>
/// <c>/companies/{id}</c>: one company's profile, then its open listings, each section drawn by the module that owns
/// them (<see cref="BrowseModule.CompanySection"/>); 404 once deleted.
/// </summary>
public sealed class CompanyDetailsModel(IQuerySession session, BrowseModules modules) : PageModel
{
    public IEnumerable<string> Sections => modules.All.Select(m => m.CompanySection).OfType<string>();

    public CompanyBrowseItem? Company { get; private set; }

    public long Sequence { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellation)
    {
        Sequence = await session.HighestCommittedAsync(cancellation);
        Company = await session.LoadAsync<CompanyBrowseItem>(id, cancellation);
        if (Company is null) Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }

    public LivePageConfig Live(CompanyBrowseItem company) =>
        new(CompaniesBrowse.Module.Name, CompaniesBrowse.Module.ItemName, Filters: null, Sequence, CompaniesBrowse.Module.DetailUrl, ItemId: company.Id);
}
