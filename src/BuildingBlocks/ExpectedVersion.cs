using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Zumodra.BuildingBlocks;

/// <summary>
/// Optimistic concurrency for admin writes: the client may send the version it last saw, in the body's
/// <c>version</c> or as <c>If-Match</c> (<c>"3"</c>, <c>W/"3"</c> or <c>3</c>). A stale version is a 409.
/// </summary>
public static class ExpectedVersion
{
    public static ProblemDetails Check(long? bodyVersion, string? ifMatch, long currentVersion)
    {
        long? expected = bodyVersion;
        if (expected is null && !string.IsNullOrWhiteSpace(ifMatch) && ifMatch.Trim() != "*")
        {
            var tag = ifMatch.Trim();
            if (tag.StartsWith("W/", StringComparison.Ordinal)) tag = tag[2..];
            if (!long.TryParse(tag.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                return new ValidationErrors().Add("If-Match", "'If-Match' must be the item's version, e.g. \"3\".").ToProblem();
            expected = parsed;
        }

        if (expected is null || expected == currentVersion) return WolverineContinue.NoProblems;
        return new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            Title = "Version conflict",
            Detail = $"Expected version {expected}, but the item is at version {currentVersion}. Reload it and try again.",
            Extensions = { ["currentVersion"] = currentVersion },
        };
    }
}
