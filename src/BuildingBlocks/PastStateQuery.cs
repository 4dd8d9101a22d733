using Microsoft.AspNetCore.Http;

namespace Zumodra.BuildingBlocks;

/// <summary>
/// The query parameters that ask a browse item's endpoint for a past state (admin only). Whatever caches or revalidates
/// browse answers must leave such requests alone: the present says nothing about the past.
/// </summary>
public static class PastStateQuery
{
    public static bool IsRequested(IQueryCollection query) => query.ContainsKey("asOf") || query.ContainsKey("version");
}
