using Microsoft.Extensions.DependencyInjection;

namespace Zumodra.BuildingBlocks;

/// <summary>
/// A live channel a module offers: visitors join it by <see cref="Name"/>, receive
/// <c>{ItemName}_created|updated|deleted</c>, and may filter by <see cref="Filters"/> (the browse API's parameter names).
/// <see cref="ListFilters"/> are those that, as in the browse API's query string, may hold comma-separated values.
/// <see cref="ReadFilters"/> is the browse API's own reading of its filters, so that a subscription is validated by
/// exactly the rules of <c>GET /api/{name}</c>: what it finds wrong is in the reader's errors.
/// </summary>
public sealed record LiveChannel(
    string Name, string ItemName, IReadOnlyCollection<string> Filters, Action<QueryReader> ReadFilters, IReadOnlyCollection<string>? ListFilters = null);

public static class LiveChannelRegistration
{
    /// <summary>The one thing a module does to appear live, besides publishing from its projection via <see cref="LiveFeed"/>.</summary>
    public static IServiceCollection AddLiveChannel(this IServiceCollection services, LiveChannel channel) =>
        services.AddSingleton(channel);
}
