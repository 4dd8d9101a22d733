using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Weasel.Postgresql.Tables;
using Wolverine;
using Zumodra.BuildingBlocks;
using Zumodra.Contracts;
using Zumodra.Jobs.Browsing;
using Zumodra.Jobs.Seeding;
using Zumodra.Web;

namespace Zumodra.Jobs;

public static class JobsModule
{
    private const string CompanyNamesQueue = "jobs-company-names";

    /// <summary>Plugs the Jobs module in: its events, browse projection and indexes, endpoints and demo data.</summary>
    public static IServiceCollection AddJobsModule(this IServiceCollection services)
    {
        services.ConfigureMarten(opts =>
        {
            opts.Events.AddEventTypes([typeof(JobPosted), typeof(JobEdited), typeof(JobClosed), typeof(JobReopened), typeof(JobDeleted), typeof(JobCompanyRenamed)]);
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
        services.AddSingleton<IDemoData, JobsDemoData>();
        services.AddLiveChannel(new LiveChannel(JobsLive.Channel, JobsLive.ItemName, JobsLive.Filters, query => JobFilters.Read(query), JobsLive.ListFilters));
        services.AddBrowseSection(new BrowseSection("Jobs", "/jobs", Order: 10));
        return services;
    }
}
