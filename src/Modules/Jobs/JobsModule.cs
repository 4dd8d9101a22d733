using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Weasel.Postgresql.Tables;
using Wolverine;
using Zumodra.BuildingBlocks;
using Zumodra.Companies.Contracts;
using Zumodra.Jobs.Browsing;

namespace Zumodra.Jobs;

public static class JobsModule
{
    private const string CompanyNamesQueue = "jobs-company-names";

    /// <summary>What the shared parts (live hub, browse cache, admin, navigation, seeding) know of this module.</summary>
    public static BrowseModule Browse => JobsBrowse.Module;

    /// <summary>Plugs the Jobs module in: its browse registration, projections and indexes, endpoints and handlers.</summary>
    public static IServiceCollection AddJobsModule(this IServiceCollection services)
    {
        services.ConfigureMarten(opts =>
        {
            opts.Projections.Add<JobBrowseProjection>(ProjectionLifecycle.Inline);
            // The write model as a document too, open or closed, so a company's jobs can be found when it is renamed.
            opts.Projections.Snapshot<Job>(SnapshotLifecycle.Inline).DatabaseSchemaName("jobs").Index(x => x.Details.CompanyId);

            var browse = opts.Schema.For<JobBrowseItem>().DatabaseSchemaName("jobs");
            // A real timestamptz column: an expression index over the JSON timestamp is rebuilt at every start.
            browse.Duplicate(x => x.PostedAt);
            // Type and remote as columns, so a filter on them is counted from an index alone and checked without parsing the JSON.
            browse.Duplicate(x => x.JobType);
            browse.Duplicate(x => x.Remote);
            // Location and category as indexed columns too: the facets count them from the indexes alone, not by reading every document.
            browse.Duplicate(x => x.Location);
            browse.Duplicate(x => x.Category);
            // A company's open jobs (its page, companyId filters) from the column's index.
            browse.Duplicate(x => x.CompanyId);
            // Both together: ANDed with the full-text index, the bitmap holds little more than the matching jobs.
            browse.Index([x => x.JobType, x => x.Remote]);
            browse.Index(x => x.SalaryMax);
            // The filters' case-insensitive match on those columns; named apart, as the columns' own indexes take the plain names.
            browse.Index(x => x.Location, index =>
            {
                index.Casing = Marten.Schema.ComputedIndex.Casings.Lower;
                index.Name = "mt_doc_jobbrowseitem_idx_lower_location";
            });
            browse.Index(x => x.Category, index =>
            {
                index.Casing = Marten.Schema.ComputedIndex.Casings.Lower;
                index.Name = "mt_doc_jobbrowseitem_idx_lower_category";
            });
            browse.FullTextSearchOn(JobFilters.SearchedMembers);
        });
        services.ConfigureWolverine(opts =>
        {
            opts.Discovery.IncludeAssembly(typeof(JobsModule).Assembly);
            // Renames from the Companies module, one at a time in arrival order, so the last name wins.
            opts.LocalQueue(CompanyNamesQueue).Sequential().UseDurableInbox();
            opts.PublishMessage<CompanyRenamed>().ToLocalQueue(CompanyNamesQueue);
        });
        return services.AddBrowseModule(JobsBrowse.Module);
    }
}
