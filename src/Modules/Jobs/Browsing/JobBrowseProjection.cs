using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;
using Zumodra.BuildingBlocks;
using Zumodra.Jobs.Contracts;

namespace Zumodra.Jobs.Browsing;

/// <summary>
/// Keeps one <see cref="JobBrowseItem"/> per open job, inline with every write, and tells the live feed
/// what visitors should see change (a closed job disappears, a reopened one appears again).
/// </summary>
public sealed class JobBrowseProjection : SingleStreamProjection<JobBrowseItem, Guid>
{
    public override JobBrowseItem? Evolve(JobBrowseItem? snapshot, Guid id, IEvent e) => e.Data switch
    {
        JobPosted posted => new JobBrowseItem { Id = id, PostedAt = posted.PostedAt }.With(posted.Details, posted.PostedAt),
        JobReopened reopened => new JobBrowseItem { Id = id, PostedAt = reopened.PostedAt }.With(reopened.Details, reopened.ReopenedAt),
        // A closed job is not browsable, so an edit while closed only reaches the read model when it reopens.
        JobEdited edited => snapshot?.With(edited.Details, edited.EditedAt),
        JobCompanyRenamed renamed => snapshot is null ? null : Renamed(snapshot, renamed),
        JobClosed or JobDeleted => null,
        _ => snapshot,
    };

    public override ValueTask RaiseSideEffects(IDocumentOperations operations, Guid id, IEventSlice<JobBrowseItem> slice)
    {
        LiveFeed.Publish(slice, id, JobsBrowse.Module,
            appears: e => e.Data is JobPosted or JobReopened,
            disappears: e => e.Data is JobClosed or JobDeleted,
            JobsBrowse.Filterable);
        // Where the job stands now, for modules that keep their own view of open jobs (e.g. open jobs per company).
        var events = slice.Events();
        if (events.Count > 0 && !events.All(OpensWithoutCompany))
            slice.PublishMessage(new JobListingChanged(id, slice.Snapshot?.CompanyId, slice.Snapshot is not null));
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// A job posted, or reopened after the close that unlisted it, with no company: no company's open jobs change, so
    /// there is nothing to tell. Any other event may move the job away from a company, so it is always told.
    /// </summary>
    private static bool OpensWithoutCompany(IEvent e) => e.Data is JobPosted { Details.CompanyId: null } or JobReopened { Details.CompanyId: null };

    private static JobBrowseItem Renamed(JobBrowseItem job, JobCompanyRenamed renamed)
    {
        job.CompanyName = renamed.CompanyName;
        job.UpdatedAt = renamed.RenamedAt;
        return job;
    }
}
