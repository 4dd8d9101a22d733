using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;
using Zumodra.BuildingBlocks;

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
        JobClosed or JobDeleted => null,
        _ => snapshot,
    };

    public override ValueTask RaiseSideEffects(IDocumentOperations operations, Guid id, IEventSlice<JobBrowseItem> slice)
    {
        LiveFeed.Publish(slice, id, JobsLive.Channel, JobsLive.ItemName,
            appears: e => e.Data is JobPosted or JobReopened,
            disappears: e => e.Data is JobClosed or JobDeleted,
            JobsLive.Filterable);
        return ValueTask.CompletedTask;
    }
}
