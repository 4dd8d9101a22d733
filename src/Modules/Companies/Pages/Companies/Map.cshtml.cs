using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Zumodra.Web;
using Zumodra.Web.Browsing;

namespace Zumodra.Companies.Pages.Companies;

/// <summary><c>/companies/map</c>: a marker for every filtered company with coordinates, beside the same paged list.</summary>
public sealed class CompaniesMapModel(IQuerySession session, IOptions<MapOptions> options) : PageModel
{
    internal CompaniesListing Listing { get; private set; } = null!;

    public MapConfig Map { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellation)
    {
        Listing = await CompaniesListing.LoadAsync(Request, session, cancellation);
        var map = options.Value;
        Map = new MapConfig(map.TileUrl, map.Attribution, map.MaxZoom,
            Title: "name", Subtitle: "industry", Place: "location",
            await Listing.MapPointsAsync(session, cancellation));
        Response.StatusCode = Listing.StatusCode;
        return Page();
    }
}
