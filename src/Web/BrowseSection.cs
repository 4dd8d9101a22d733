using Microsoft.Extensions.DependencyInjection;

namespace Zumodra.Web;

/// <summary>A top-level browse page a module offers; the layout's navigation lists them in <see cref="Order"/>.</summary>
public sealed record BrowseSection(string Title, string Path, int Order);

public static class BrowseSectionRegistration
{
    public static IServiceCollection AddBrowseSection(this IServiceCollection services, BrowseSection section) =>
        services.AddSingleton(section);
}
