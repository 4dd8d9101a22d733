using JasperFx.Events.Projections;
using Marten;
using Marten.Schema;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;
using Zumodra.BuildingBlocks;
using Zumodra.Companies.Browsing;
using Zumodra.Companies.CountingOpenJobs;
using Zumodra.Jobs.Contracts;

namespace Zumodra.Companies;

public static class CompaniesModule
{
    /// <summary>Messages from other modules that this one handles, one at a time in arrival order.</summary>
    private const string Queue = "companies";

    /// <summary>What the shared parts (live hub, browse cache, admin, navigation, seeding) know of this module.</summary>
    public static BrowseModule Browse => CompaniesBrowse.Module;

    /// <summary>Plugs the Companies module in: its browse registration, read models and indexes, endpoints and handlers.</summary>
    public static IServiceCollection AddCompaniesModule(this IServiceCollection services)
    {
        services.ConfigureMarten(opts =>
        {
            // The write model is kept as a document too: the open-job counter reads it on every job change.
            opts.Projections.Snapshot<Company>(SnapshotLifecycle.Inline).DatabaseSchemaName("companies");
            opts.Projections.Add<CompanyBrowseProjection>(ProjectionLifecycle.Inline);

            var browse = opts.Schema.For<CompanyBrowseItem>().DatabaseSchemaName("companies");
            // A real timestamptz column: an expression index over the JSON timestamp is rebuilt at every start.
            browse.Duplicate(x => x.RegisteredAt);
            browse.Index(x => x.Name, index => index.Casing = ComputedIndex.Casings.Lower);
            browse.Index(x => x.OpenJobs);
            browse.Index(x => x.Location, index => index.Casing = ComputedIndex.Casings.Lower);
            browse.Index(x => x.Industry, index => index.Casing = ComputedIndex.Casings.Lower);
            browse.FullTextSearchOn(CompanyFilters.SearchedMembers);

            opts.Schema.For<OpenJobListing>().DatabaseSchemaName("companies").Index(x => x.CompanyId);
            opts.Schema.For<CompanyLogo>().DatabaseSchemaName("companies");
        });
        services.ConfigureWolverine(opts =>
        {
            opts.Discovery.IncludeAssembly(typeof(CompaniesModule).Assembly);
            // One at a time, in arrival order: a job's changes are counted in the order they happened.
            opts.LocalQueue(Queue).Sequential().UseDurableInbox();
            opts.PublishMessage<JobListingChanged>().ToLocalQueue(Queue);
        });
        return services.AddBrowseModule(CompaniesBrowse.Module);
    }
}
