using Marten;
using Microsoft.Extensions.DependencyInjection;
using Zumodra.BuildingBlocks;
using Zumodra.Projects.Seeding;

namespace Zumodra.Tests.Projects;

[Collection(ProjectsCollection.Name)]
public sealed class when_seeding_demo_projects(ProjectsApp app)
{
    private async Task<int> Seed()
    {
        var demo = app.Host.Services.GetServices<IDemoData>().OfType<ProjectsDemoData>().Single();
        await using var session = app.Host.Services.GetRequiredService<IDocumentStore>().LightweightSession();
        var added = await demo.SeedAsync(session, CancellationToken.None);
        await session.SaveChangesAsync();
        return added;
    }

    [Fact]
    public async Task it_adds_open_projects_across_many_cities_once()
    {
        (await Seed()).ShouldBe(ProjectsDemoData.Count);
        (await Seed()).ShouldBe(0);

        var demo = new List<Zumodra.Projects.Browsing.ProjectBrowseItem?>();
        for (var i = 0; i < ProjectsDemoData.Count; i++) demo.Add(await app.BrowseProject(ProjectsDemoData.DemoId(i)));
        demo.ShouldAllBe(x => x != null && x.Latitude != null && x.Skills.Length > 0 && x.CompanyName != null);
        demo.Select(x => x!.Location).Distinct().Count().ShouldBeGreaterThan(30);
        demo.Select(x => x!.Category).Distinct().Count().ShouldBeGreaterThan(10);
        demo.ShouldAllBe(x => x!.BudgetMax == null || x.BudgetMin <= x.BudgetMax);
        demo.Count(x => x!.Deadline > DateTimeOffset.UtcNow).ShouldBeGreaterThan(100);
        app.Host.Services.GetServices<IDemoData>().OfType<ProjectsDemoData>().Single().Order.ShouldBe(30);
    }
}
