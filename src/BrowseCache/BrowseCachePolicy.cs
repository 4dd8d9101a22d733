using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Net.Http.Headers;
using Zumodra.BuildingBlocks;

namespace Zumodra.BrowseCache;

/// <summary>Caches anonymous GETs of browse paths, varied by every query parameter and by the module's generation.</summary>
internal sealed class BrowseCachePolicy(BrowseGenerations generations, BrowseCacheMetrics metrics) : IOutputCachePolicy
{
    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var request = context.HttpContext.Request;
        var module = generations.ModuleOf(request.Path);
        var cacheable = module is not null
            && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            && !PastStateQuery.IsRequested(request.Query)
            // An export is streamed and may be large: the output cache would hold it whole.
            && !BrowseExportPath.Matches(request.Path)
            // Anything that can differ per visitor is never shared.
            && !request.Headers.ContainsKey(HeaderNames.Authorization)
            && !request.Headers.ContainsKey(HeaderNames.Cookie);
        context.EnableOutputCaching = cacheable;
        if (!cacheable) return ValueTask.CompletedTask;

        context.AllowCacheLookup = true;
        context.AllowCacheStorage = true;
        context.AllowLocking = true;
        context.CacheVaryByRules.QueryKeys = "*";
        context.CacheVaryByRules.HeaderNames = new[] { HeaderNames.Accept, HeaderNames.AcceptLanguage };
        context.CacheVaryByRules.VaryByValues["generation"] = generations.Current(module!).ToString(CultureInfo.InvariantCulture);
        context.Tags.Add(module!);
        context.ResponseExpirationTimeSpan = TimeSpan.FromMinutes(10);
        return ValueTask.CompletedTask;
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        metrics.Hit();
        return ValueTask.CompletedTask;
    }

    /// <summary>Called for a cacheable request that was not found in the cache, once its response is computed.</summary>
    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        metrics.Miss();
        // Only whole, successful answers are worth keeping; never a response that sets a cookie.
        if (context.HttpContext.Response.StatusCode != StatusCodes.Status200OK
            || context.HttpContext.Response.Headers.ContainsKey(HeaderNames.SetCookie))
            context.AllowCacheStorage = false;
        return ValueTask.CompletedTask;
    }
}
