using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Zumodra.Jobs.Browsing;

namespace Zumodra.Jobs.Pages.Jobs;

/// <summary><c>/jobs</c>: open jobs as cards, with the filter sidebar and pagination; live from the first render.</summary>
public sealed class JobsIndexModel(IQuerySession session) : PageModel
{
    /// <summary>The card the live client copies for jobs that arrive after the render.</summary>
    public static readonly JobBrowseItem Blank = new();

    internal JobsListing Listing { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellation)
    {
        Listing = await JobsListing.LoadAsync(Request, session, cancellation);
        if (Listing.LastPageInstead() is { } last) return Redirect(last);
        Response.StatusCode = Listing.StatusCode;
        return Page();
    }
}
