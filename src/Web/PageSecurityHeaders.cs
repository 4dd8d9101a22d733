using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;

namespace Zumodra.Web;

/// <summary>
/// Headers on every page: a Content-Security-Policy that only runs our own scripts (so even a markup injection
/// could not execute), and <c>no-cache</c> so that a page is never served stale — live updates start from it.
/// </summary>
internal sealed class PageSecurityHeaders(IOptions<MapOptions> map) : IResultFilter
{
    /// <summary>Every directive after <c>script-src</c>, which alone depends on the page (its import map's hash).</summary>
    private readonly string _rest = string.Join("; ",
        "style-src 'self'",
        $"img-src 'self' data: {TileSource(map.Value.TileUrl)}",
        "connect-src 'self'",
        // The shared worker that holds the tabs' one live connection (wwwroot/js/live-worker.js).
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'");

    public void OnResultExecuting(ResultExecutingContext context)
    {
        var headers = context.HttpContext.Response.Headers;
        // The import map is the one inline script, allowed by its hash.
        var scripts = PageImportMap.Of(context.HttpContext) is { } importMap ? $"'self' {importMap.ScriptHash}" : "'self'";
        headers.ContentSecurityPolicy = $"default-src 'self'; script-src {scripts}; {_rest}";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        headers.CacheControl = "no-cache";
    }

    public void OnResultExecuted(ResultExecutedContext context)
    {
    }

    /// <summary>The origin tiles load from, e.g. <c>https://*.tile.example.org</c> for <c>https://{s}.tile.example.org/{z}/{x}/{y}.png</c>.</summary>
    internal static string TileSource(string tileUrl)
    {
        if (string.IsNullOrWhiteSpace(tileUrl)) return "";
        var schemeEnd = tileUrl.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0) return "'self'";
        var hostEnd = tileUrl.IndexOf('/', schemeEnd + 3);
        var origin = (hostEnd < 0 ? tileUrl : tileUrl[..hostEnd]).Replace("{s}", "*", StringComparison.Ordinal);
        return origin.Contains('{') ? tileUrl[..(schemeEnd + 1)] : origin;
    }
}
