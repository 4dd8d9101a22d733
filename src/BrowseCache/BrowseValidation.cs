using Microsoft.AspNetCore.Http;
using Zumodra.BuildingBlocks;

namespace Zumodra.BrowseCache;

/// <summary>
/// ETag and revalidation for browse GETs: a client holding the current ETag gets 304 without any work; everyone is
/// told to revalidate (<c>no-cache</c>), so browsers never show a page older than the last commit. Time travel
/// (<c>?version</c>, <c>?asOf</c>) and exports are left alone: the generation says nothing about the past, and only an admin may see it.
/// </summary>
internal sealed class BrowseValidation(RequestDelegate next, BrowseGenerations generations, BrowseCacheMetrics metrics)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)) return next(context);
        if (PastStateQuery.IsRequested(context.Request.Query)) return next(context);
        // An export is made afresh each time (no-store): no ETag promises it unchanged.
        if (BrowseExportPath.Matches(context.Request.Path)) return next(context);
        if (generations.ModuleOf(context.Request.Path) is not { } module) return next(context);

        var etag = generations.ETag(module);
        if (context.Request.Headers.IfNoneMatch.ToString() == etag)
        {
            metrics.NotModified();
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            context.Response.Headers.ETag = etag;
            return Task.CompletedTask;
        }
        context.Response.OnStarting(() =>
        {
            if (context.Response.StatusCode == StatusCodes.Status200OK)
            {
                context.Response.Headers.ETag = etag;
                context.Response.Headers.CacheControl = "no-cache";
            }
            return Task.CompletedTask;
        });
        return next(context);
    }
}
