using Microsoft.AspNetCore.Mvc.Filters;

namespace Zumodra.Admin.Security;

/// <summary>
/// Admin pages are never stored by browsers or proxies. Runs after the site-wide page headers (higher order), so the
/// antiforgery tokens of the pages' forms find the headers they require already set.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class AdminPageHeadersAttribute : ResultFilterAttribute
{
    public AdminPageHeadersAttribute() => Order = 1_000;

    public override void OnResultExecuting(ResultExecutingContext context)
    {
        var headers = context.HttpContext.Response.Headers;
        headers.CacheControl = "no-cache, no-store";
        headers.Pragma = "no-cache";
        headers["X-Robots-Tag"] = "noindex";
    }
}
