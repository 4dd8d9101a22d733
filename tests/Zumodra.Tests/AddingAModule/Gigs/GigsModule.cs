using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;
using Zumodra.BuildingBlocks;

namespace Zumodra.Tests.AddingAModule.Gigs;

/// <summary>
/// A fourth browse module, written as docs/adding-a-module.md says and plugged in with <see cref="AddGigsModule"/> alone:
/// it proves that live pushes, cached answers, time travel, rebuilds and the navigation need no edit anywhere else.
/// </summary>
public static class GigsModule
{
    public static readonly BrowseModule Browse = new()
    {
        Name = "gigs",
        ItemName = "gig",
        Title = "Gigs",
        NavOrder = 40,
        ItemType = typeof(GigCard),
        EventTypes = [typeof(GigPosted), typeof(GigRetitled), typeof(GigCancelled)],
        Filters = new(Live: ["search", "city"], Read: query => GigFilters.Read(query)),
        Sidebar = new("Search gigs", [new SidebarSelect("city", "City", "Any city")]),
        OrderField = "postedAt",
        Sorts = [new("newest", "Newest first")],
    };

    public static IServiceCollection AddGigsModule(this IServiceCollection services)
    {
        services.ConfigureMarten(opts =>
        {
            opts.Projections.Add<GigCardProjection>(ProjectionLifecycle.Inline);
            opts.Schema.For<GigCard>().DatabaseSchemaName("gigs").FullTextSearchOn(GigFilters.SearchedMembers);
        });
        services.ConfigureWolverine(opts => opts.Discovery.IncludeAssembly(typeof(GigsModule).Assembly));
        return services.AddBrowseModule(Browse);
    }
}
