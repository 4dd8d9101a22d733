using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Zumodra.Companies.Browsing;

namespace Zumodra.Companies.Pages.Companies;

/// <summary><c>/companies</c>: companies as cards, with the filter sidebar and pagination; live from the first render.</summary>
public sealed class CompaniesIndexModel(IQuerySession session) : PageModel
{
    /// <summary>The card the live client copies for companies that arrive after the render.</summary>
    public static readonly CompanyBrowseItem Blank = new();

    internal CompaniesListing Listing { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellation)
    {
        Listing = await CompaniesListing.LoadAsync(Request, session, cancellation);
        if (Listing.LastPageInstead() is { } last) return Redirect(last);
        Response.StatusCode = Listing.StatusCode;
        return Page();
    }
}
