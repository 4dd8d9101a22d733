using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;
using Zumodra.BuildingBlocks;

namespace Zumodra.Projects.Browsing;

/// <summary>
/// Keeps one <see cref="ProjectBrowseItem"/> per open project, inline with every write, and tells the live feed
/// what visitors should see change (an awarded, closed or deleted project disappears, a reopened one appears again).
/// </summary>
public sealed class ProjectBrowseProjection : SingleStreamProjection<ProjectBrowseItem, Guid>
{
    public override ProjectBrowseItem? Evolve(ProjectBrowseItem? snapshot, Guid id, IEvent e) => e.Data switch
    {
        ProjectPublished published => new ProjectBrowseItem { Id = id, PublishedAt = published.PublishedAt }.With(published.Details, published.PublishedAt),
        ProjectReopened reopened => new ProjectBrowseItem { Id = id, PublishedAt = reopened.PublishedAt }.With(reopened.Details, reopened.ReopenedAt),
        // A project that takes no proposals is not browsable, so an edit meanwhile only reaches the read model when it reopens.
        ProjectEdited edited => snapshot?.With(edited.Details, edited.EditedAt),
        ProjectAwarded or ProjectClosed or ProjectDeleted => null,
        _ => snapshot,
    };

    public override ValueTask RaiseSideEffects(IDocumentOperations operations, Guid id, IEventSlice<ProjectBrowseItem> slice)
    {
        LiveFeed.Publish(slice, id, ProjectsBrowse.Module,
            appears: e => e.Data is ProjectPublished or ProjectReopened,
            disappears: e => e.Data is ProjectAwarded or ProjectClosed or ProjectDeleted,
            ProjectsBrowse.Filterable);
        return ValueTask.CompletedTask;
    }
}
