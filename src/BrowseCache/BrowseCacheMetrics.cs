using System.Diagnostics.Metrics;

namespace Zumodra.BrowseCache;

/// <summary>
/// How browse GETs were answered (meter <c>Zumodra.BrowseCache</c>): the hit ratio is
/// <c>hit + not_modified</c> over all three.
/// </summary>
internal sealed class BrowseCacheMetrics
{
    private readonly Counter<long> _requests;

    public BrowseCacheMetrics(IMeterFactory meters) =>
        _requests = meters.Create("Zumodra.BrowseCache").CreateCounter<long>("zumodra.browse_cache.requests", "{request}",
            "Cacheable browse requests by result: hit (served from the cache), not_modified (304 on the current ETag), miss (computed).");

    public void Hit() => Count("hit");

    public void NotModified() => Count("not_modified");

    public void Miss() => Count("miss");

    private void Count(string result) => _requests.Add(1, new KeyValuePair<string, object?>("result", result));
}
