using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Zumodra.Live;

public static class LiveModule
{
    public static IServiceCollection AddLiveModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSignalR();
        return services;
    }

    public static WebApplication MapLiveModule(this WebApplication app) => app;
}
