using Microsoft.AspNetCore.Http;

namespace Zumodra.BuildingBlocks;

/// <summary>
/// The exports of a browse list, <c>/api/{channel}/export.csv</c> and <c>…/export.pdf</c>: files streamed fresh from the
/// database, up to 100,000 rows. The browse cache leaves them alone (keeping one would buffer it whole) and the HTTP rate
/// limit counts them on a budget of their own.
/// </summary>
public static class BrowseExportPath
{
    public static bool Matches(PathString path) =>
        path.StartsWithSegments("/api") && path.Value is { } value
        && (value.EndsWith("/export.csv", StringComparison.OrdinalIgnoreCase) || value.EndsWith("/export.pdf", StringComparison.OrdinalIgnoreCase));
}
