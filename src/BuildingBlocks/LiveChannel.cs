using Microsoft.Extensions.DependencyInjection;

namespace Zumodra.BuildingBlocks;

/// <summary>
/// A live channel a module offers: visitors join it by <see cref="Name"/>, receive
/// <c>{ItemName}_created|updated|deleted</c>, and may filter by <see cref="Filters"/> (the browse API's parameter names).
/// <see cref="ListFilters"/> are those that, as in the browse API's query string, may hold comma-separated values.
/// </summary>
public sealed record LiveChannel(string Name, string ItemName, IReadOnlyCollection<string> Filters, IReadOnlyCollection<string>? ListFilters = null);

public static class LiveChannelRegistration
{
    /// <summary>The one thing a module does to appear live, besides publishing from its projection via <see cref="LiveFeed"/>.</summary>
    public static IServiceCollection AddLiveChannel(this IServiceCollection services, LiveChannel channel) =>
        services.AddSingleton(channel);
}
