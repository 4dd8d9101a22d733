using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Weasel.Postgresql.Tables;
using Wolverine;
using Zumodra.BuildingBlocks;
using Zumodra.Jobs.Browsing;
using Zumodra.Jobs.Seeding;

namespace Zumodra.Jobs;

public static class JobsModule
{
    /// <summary>Plugs the Jobs module in: its events, browse projection and indexes, endpoints and demo data.</summary>
    public static IServiceCollection AddJobsModule(this IServiceCollection services)
    {
        services.ConfigureMarten(opts =>
        {
            opts.Events.AddEventTypes([typeof(JobPosted), typeof(JobEdited), typeof(JobClosed), typeof(JobReopened), typeof(JobDeleted)]);
            opts.Projections.Add<JobBrowseProjection>(ProjectionLifecycle.Inline);

            var browse = opts.Schema.For<JobBrowseItem>().DatabaseSchemaName("jobs");
            browse.Index(x => x.PostedAt);
            browse.Index(x => x.SalaryMax);
            browse.Index(x => x.JobType);
            browse.Index(x => x.Remote);
            browse.Index(x => x.Location, index => index.Casing = Marten.Schema.ComputedIndex.Casings.Lower);
            browse.Index(x => x.Category, index => index.Casing = Marten.Schema.ComputedIndex.Casings.Lower);
            browse.FullTextIndex("english", x => x.Title, x => x.Description!);
        });
        services.ConfigureWolverine(opts => opts.Discovery.IncludeAssembly(typeof(JobsModule).Assembly));
        services.AddSingleton<IDemoData, JobsDemoData>();
        services.AddLiveChannel(new LiveChannel(JobsLive.Channel, JobsLive.ItemName, JobsLive.Filters));
        return services;
    }
}
