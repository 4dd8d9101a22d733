using Zumodra.BuildingBlocks;
using Zumodra.Jobs;
using Zumodra.Tests.AddingAModule.Gigs;
using Zumodra.Tests.Infrastructure;

namespace Zumodra.Tests.AddingAModule;

/// <summary>A registration that contradicts another, or the host, stops the host at start-up with a message naming both sides.</summary>
public sealed class when_browse_modules_disagree
{
    [Fact]
    public async Task a_second_module_named_jobs_stops_the_host_naming_both_modules()
    {
        var failure = await Should.ThrowAsync<Exception>(() =>
            InProcessServer.StartAsync("modulesclash", services => services.AddGigsModule().AddBrowseModule(GigsModule.Browse with
            {
                Name = "jobs",
                ItemName = "shift",
                ItemType = typeof(GigCard),
                EventTypes = [],
            })));

        var message = Innermost(failure).Message;
        message.ShouldContain("module 'jobs' (Zumodra.Jobs) and module 'jobs' (Zumodra.Tests) claim the same name 'jobs'");
        message.ShouldContain("claim the same read model 'Zumodra.Tests.AddingAModule.Gigs.GigCard'");
    }

    [Fact]
    public async Task a_module_whose_read_model_no_projection_keeps_stops_the_host()
    {
        var failure = await Should.ThrowAsync<Exception>(() =>
            InProcessServer.StartAsync("modulesnoprojection", services => services.AddBrowseModule(GigsModule.Browse)));

        Innermost(failure).Message.ShouldContain(
            "module 'gigs' (Zumodra.Tests): no registered projection keeps its read model Zumodra.Tests.AddingAModule.Gigs.GigCard");
    }

    [Theory]
    [InlineData("admin", "/admin is the host's own route")]
    [InlineData("api", "/api is the host's own route")]
    [InlineData("Gigs", "the name must be lower-case letters, digits and dashes")]
    [InlineData("gigs/map", "the name must be lower-case letters, digits and dashes")]
    public void a_name_the_host_routes_or_that_is_no_path_segment_is_refused(string name, string expected) =>
        Should.Throw<InvalidOperationException>(() => new BrowseModules([GigsModule.Browse with { Name = name }])).Message.ShouldContain(expected);

    [Fact]
    public void modules_that_push_the_same_methods_or_claim_the_same_events_are_refused()
    {
        var message = Should.Throw<InvalidOperationException>(() => new BrowseModules(
        [
            JobsModule.Browse,
            GigsModule.Browse with { ItemName = "job", EventTypes = [.. GigsModule.Browse.EventTypes, JobsModule.Browse.EventTypes.First()] },
        ])).Message;

        message.ShouldContain("module 'jobs' (Zumodra.Jobs) and module 'gigs' (Zumodra.Tests) claim the same item name (pushed methods) 'job'");
        message.ShouldContain($"claim the same event type '{JobsModule.Browse.EventTypes.First().FullName}'");
    }

    [Fact]
    public void a_sidebar_field_that_names_no_filter_of_the_module_or_names_one_twice_and_a_module_without_a_sort_are_refused()
    {
        var message = Should.Throw<InvalidOperationException>(() => new BrowseModules(
        [
            GigsModule.Browse with
            {
                Sidebar = new("Search gigs", [new SidebarSelect("city", "City", "Any city"), new SidebarRange("payMin", "payMax", "Pay"), new SidebarChecks("city", "Cities")]),
                Sorts = [],
            },
        ])).Message;

        message.ShouldContain("module 'gigs' (Zumodra.Tests): its sidebar offers 'payMin', which is not one of its filters (search, city).");
        message.ShouldContain("module 'gigs' (Zumodra.Tests): its sidebar offers 'payMax', which is not one of its filters (search, city).");
        message.ShouldContain("module 'gigs' (Zumodra.Tests): it offers no sort.");
        message.ShouldContain("module 'gigs' (Zumodra.Tests): its sidebar offers 'city' 2 times.");
    }

    [Fact]
    public void modules_that_agree_are_listed_in_navigation_order_and_found_by_name_in_any_case()
    {
        var modules = new BrowseModules([GigsModule.Browse, JobsModule.Browse]);

        modules.All.ShouldBe([JobsModule.Browse, GigsModule.Browse]);
        modules.Named("GIGS").ShouldBe(GigsModule.Browse);
        modules.Owning(typeof(GigPosted)).ShouldBe(GigsModule.Browse);
        modules.Owning(typeof(GigCard)).ShouldBe(GigsModule.Browse);
        modules.Owning(typeof(string)).ShouldBeNull();
    }

    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;
}
