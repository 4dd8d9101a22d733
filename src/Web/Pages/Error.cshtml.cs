using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Zumodra.Web.Pages;

/// <summary>
/// What a browser sees instead of a bare error status or problem JSON: an unknown address (<c>/about</c>, <c>/jobs/abc</c>)
/// or any other error status of a page request, in the site's layout, keeping its status. The API keeps ProblemDetails.
/// </summary>
public sealed class ErrorModel : PageModel
{
    public int Status { get; private set; }

    public string Title => Status switch
    {
        404 => "Page not found",
        >= 500 => "Something went wrong",
        _ => "That request could not be answered",
    };

    public string Explanation => Status switch
    {
        404 => "There is nothing at this address. It may have been mistyped, or the listing it named is gone.",
        503 => "The service is briefly unavailable. Try again in a few seconds.",
        >= 500 => "The page could not be shown. Try again, or go back to browsing.",
        _ => "The address asked for something this site cannot show. Go back to browsing.",
    };

    /// <summary>Also answers a direct visit with the status it describes (an unknown one as 404).</summary>
    public void OnGet(int status)
    {
        Status = status is >= 400 and <= 599 ? status : StatusCodes.Status404NotFound;
        Response.StatusCode = Status;
    }

    /// <summary>A browser's page request: GET or HEAD for HTML, outside the API, the hub and static files.</summary>
    internal static bool IsForAPage(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)) return false;
        if (!request.Headers.Accept.Any(accept => accept?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true)) return false;
        return !NotPages.Any(prefix => request.Path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase));
    }

    private static readonly string[] NotPages = ["/api", "/hubs", "/openapi", "/health", "/_content", "/_framework"];
}
