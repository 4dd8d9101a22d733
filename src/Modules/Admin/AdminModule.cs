using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Wolverine;
using Zumodra.Admin.BrowsingHistory;
using Zumodra.Admin.Catalog;
using Zumodra.Admin.FollowingEvents;
using Zumodra.Admin.ListingProjections;
using Zumodra.Admin.RebuildingProjections;
using Zumodra.Admin.Security;
using Zumodra.Admin.TimeTravel;
using Zumodra.BuildingBlocks;

// JasperFx looks for command-line commands (admin-rebuild) in assemblies that carry this.
[assembly: JasperFx.JasperFxAssembly]

namespace Zumodra.Admin;

public static class AdminModule
{
    /// <summary>
    /// Plugs the Admin module in: event history, time travel and projection rebuilds over the shared event store (for
    /// every projection any module registers), their API under <c>/api/admin</c>, the <c>/admin</c> pages and their
    /// sign-in (a cookie next to the host's bearer tokens).
    /// </summary>
    public static IServiceCollection AddAdminModule(this IServiceCollection services)
    {
        services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<BrowseModules>();
        services.AddSingleton<ProjectionCatalog>();
        services.AddSingleton<ProjectionRebuilds>();
        services.AddSingleton<ProjectionOverview>();
        services.AddSingleton<StreamHistory>();
        services.AddSingleton<EventFeed>();
        services.AddSingleton<TimeMachine>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<AdminSignIn>();

        services.ConfigureMarten(opts => opts.Schema.For<ProjectionRebuildStatus>().DatabaseSchemaName("admin"));
        services.ConfigureWolverine(opts => opts.Discovery.IncludeAssembly(typeof(AdminModule).Assembly));

        // The pages sign in with a cookie, the API takes bearer tokens too; only Admin's own endpoints use these schemes (AdminOnly).
        services.AddAuthentication()
            .AddCookie(AdminSchemes.Cookie, AdminCookie.Configure)
            .AddPolicyScheme(AdminSchemes.BearerOrCookie, "Bearer token or admin cookie", policy => policy.ForwardDefaultSelector = AdminSchemes.Select);
        return services;
    }

    /// <summary>Adds the admin-only <c>?asOf=</c> / <c>?version=</c> to every browse module's <c>GET /api/{channel}/{id}</c>. Call after authentication.</summary>
    public static IApplicationBuilder UseAdminModule(this IApplicationBuilder app)
    {
        app.UseMiddleware<ModuleItemAsOf>();
        return app;
    }
}
