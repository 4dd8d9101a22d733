using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;
using Wolverine;
using Zumodra.BuildingBlocks;
using Zumodra.Projects.Browsing;

namespace Zumodra.Projects;

public static class ProjectsModule
{
    /// <summary>What the shared parts (live hub, browse cache, admin, navigation, seeding) know of this module.</summary>
    public static BrowseModule Browse => ProjectsBrowse.Module;

    /// <summary>Plugs the Projects module in: its browse registration, projection and indexes, endpoints.</summary>
    public static IServiceCollection AddProjectsModule(this IServiceCollection services)
    {
        services.ConfigureMarten(opts =>
        {
            opts.Projections.Add<ProjectBrowseProjection>(ProjectionLifecycle.Inline);

            var browse = opts.Schema.For<ProjectBrowseItem>().DatabaseSchemaName("projects");
            // Real timestamptz columns: an expression index over a JSON timestamp is rebuilt at every start.
            browse.Duplicate(x => x.PublishedAt);
            browse.Duplicate(x => x.Deadline);
            // A company's open projects (its page, companyId filters) from the column's index.
            browse.Duplicate(x => x.CompanyId);
            browse.Index(x => x.BudgetMax, index =>
            {
                index.SortOrder = SortOrder.Desc;
                index.NullsSortOrder = NullsSortOrder.Last;
            });
            browse.Index(x => x.BudgetMin);
            browse.Index(x => x.Remote);
            browse.Index(x => x.Location, index => index.Casing = Marten.Schema.ComputedIndex.Casings.Lower);
            browse.Index(x => x.Category, index => index.Casing = Marten.Schema.ComputedIndex.Casings.Lower);
            browse.FullTextSearchOn(ProjectFilters.SearchedMembers);
            // "Has any of these skills, ignoring case": a GIN index over the lower-cased skills array (see ProjectFilters).
            opts.Policies.ForAllDocuments(mapping =>
            {
                if (mapping.DocumentType != typeof(ProjectBrowseItem)) return;
                mapping.Indexes.Add(new IndexDefinition("mt_doc_projectbrowseitem_idx_skills")
                {
                    Method = IndexMethod.gin,
                    Columns = [ProjectFilters.SkillsExpression],
                });
            });
        });
        services.ConfigureWolverine(opts => opts.Discovery.IncludeAssembly(typeof(ProjectsModule).Assembly));
        return services.AddBrowseModule(ProjectsBrowse.Module);
    }
}
