using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Zumodra.Jobs.Browsing;
using Zumodra.Web;
using Zumodra.Web.Browsing;

namespace Zumodra.Jobs.Pages.Jobs;

/// <summary><c>/jobs/map</c>: a marker for every filtered job with coordinates, beside the same paged list.</summary>
public sealed class JobsMapModel(IQuerySession session, IOptions<MapOptions> options) : PageModel
{
    internal JobsListing Listing { get; private set; } = null!;

    public MapConfig Map { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellation)
    {
        Listing = await JobsListing.LoadAsync(Request, session, cancellation);
        var map = options.Value;
        Map = new MapConfig(map.TileUrl, map.Attribution, map.MaxZoom,
            Title: "title", Subtitle: "companyName", Place: "location",
            await Listing.MapPointsAsync(session, cancellation));
        Response.StatusCode = Listing.StatusCode;
        return Page();
    }
}
