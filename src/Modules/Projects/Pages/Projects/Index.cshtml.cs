using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Zumodra.Projects.Browsing;

namespace Zumodra.Projects.Pages.Projects;

/// <summary><c>/projects</c>: open projects as cards, with the filter sidebar and pagination; live from the first render.</summary>
public sealed class ProjectsIndexModel(IQuerySession session) : PageModel
{
    /// <summary>The card the live client copies for projects that arrive after the render.</summary>
    public static readonly ProjectBrowseItem Blank = new();

    internal ProjectsListing Listing { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellation)
    {
        Listing = await ProjectsListing.LoadAsync(Request, session, cancellation);
        if (Listing.LastPageInstead() is { } last) return Redirect(last);
        Response.StatusCode = Listing.StatusCode;
        return Page();
    }
}
