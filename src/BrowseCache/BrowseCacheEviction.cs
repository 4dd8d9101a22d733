using Microsoft.AspNetCore.OutputCaching;
using Zumodra.BuildingBlocks;

namespace Zumodra.BrowseCache;

/// <summary>Moves a module to its next generation (old ETags stop matching) and drops its cached answers.</summary>
internal sealed class BrowseCacheEviction(BrowseGenerations generations, IOutputCacheStore cache) : IBrowseCacheEviction
{
    public async Task<bool> EvictAsync(string module)
    {
        if (!generations.Bump(module)) return false;
        await cache.EvictByTagAsync(module, CancellationToken.None);
        return true;
    }
}
