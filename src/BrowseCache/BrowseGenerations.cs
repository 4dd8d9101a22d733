using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Zumodra.BuildingBlocks;

namespace Zumodra.BrowseCache;

/// <summary>The per-module generations; the epoch makes ETags from before a restart never match.</summary>
internal sealed class BrowseGenerations(BrowseModules modules)
{
    private readonly ConcurrentDictionary<string, long> _generations =
        new(modules.All.Select(m => KeyValuePair.Create(m.Name, 0L)), StringComparer.Ordinal);

    private readonly string _epoch = Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant();

    /// <summary>The module a browse request reads: <c>/api/jobs…</c> and <c>/jobs…</c> (in any case, as routing ignores it) read <c>jobs</c>.</summary>
    public string? ModuleOf(PathString path)
    {
        var segments = path.Value?.Split('/', StringSplitOptions.RemoveEmptyEntries) ?? [];
        var name = segments.Length > 0 && string.Equals(segments[0], "api", StringComparison.OrdinalIgnoreCase)
            ? segments.ElementAtOrDefault(1)
            : segments.FirstOrDefault();
        return modules.Named(name)?.Name;
    }

    public IEnumerable<string> Modules => _generations.Keys;

    public long Current(string module) => _generations[module];

    public string ETag(string module) => $"W/\"{_epoch}-{Current(module)}\"";

    public bool Bump(string module)
    {
        if (!_generations.ContainsKey(module)) return false;
        _generations.AddOrUpdate(module, 1, (_, generation) => generation + 1);
        return true;
    }
}
