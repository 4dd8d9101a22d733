using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Zumodra.Web;
using Zumodra.Web.Browsing;

namespace Zumodra.Projects.Pages.Projects;

/// <summary><c>/projects/map</c>: a marker for every filtered project with coordinates, beside the same paged list.</summary>
public sealed class ProjectsMapModel(IQuerySession session, IOptions<MapOptions> options) : PageModel
{
    internal ProjectsListing Listing { get; private set; } = null!;

    public MapConfig Map { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellation)
    {
        Listing = await ProjectsListing.LoadAsync(Request, session, cancellation);
        var map = options.Value;
        Map = new MapConfig(map.TileUrl, map.Attribution, map.MaxZoom,
            Title: "title", Subtitle: "companyName", Place: "location",
            await Listing.MapPointsAsync(session, cancellation));
        Response.StatusCode = Listing.StatusCode;
        return Page();
    }
}
