using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;
using Zumodra.BuildingBlocks;
using Zumodra.Companies.Contracts;

namespace Zumodra.Companies.Browsing;

/// <summary>
/// Keeps one <see cref="CompanyBrowseItem"/> per company, inline with every write; tells the live feed what visitors
/// should see change, and tells other modules (through <see cref="CompanyRenamed"/>) when a company got a new name.
/// </summary>
public sealed class CompanyBrowseProjection : SingleStreamProjection<CompanyBrowseItem, Guid>
{
    public override CompanyBrowseItem? Evolve(CompanyBrowseItem? snapshot, Guid id, IEvent e) => e.Data switch
    {
        CompanyRegistered registered => new CompanyBrowseItem { Id = id, RegisteredAt = registered.RegisteredAt }.With(registered.Profile, registered.RegisteredAt),
        CompanyProfileEdited edited => snapshot?.With(edited.Profile, edited.EditedAt),
        CompanyVerified verified => snapshot?.Verify(verified.VerifiedAt),
        CompanyLogoChanged changed => snapshot?.Logo(CompanyLogo.PathOf(changed.Hash, changed.ContentType), changed.ChangedAt),
        CompanyLogoRemoved removed => snapshot?.Logo(null, removed.RemovedAt),
        CompanyOpenJobsCounted counted => snapshot?.Count(counted.Count),
        CompanyDeleted => null,
        _ => snapshot,
    };

    public override ValueTask RaiseSideEffects(IDocumentOperations operations, Guid id, IEventSlice<CompanyBrowseItem> slice)
    {
        LiveFeed.Publish(slice, id, CompaniesBrowse.Module,
            appears: e => e.Data is CompanyRegistered,
            disappears: e => e.Data is CompanyDeleted,
            CompaniesBrowse.Filterable);

        if (slice.Snapshot is { } company && slice.Events().Any(e => Names(e.Data)))
            slice.PublishMessage(new CompanyRenamed(id, company.Name));
        return ValueTask.CompletedTask;
    }

    /// <summary>Whether the event gave the company a name it did not have before.</summary>
    private static bool Names(object data) => data switch
    {
        CompanyRegistered => true,
        CompanyProfileEdited edited => edited.Profile.Name != edited.PreviousName,
        _ => false,
    };
}
