using Marten;
using Marten.Services;
using Zumodra.BuildingBlocks;

namespace Zumodra.BrowseCache;

/// <summary>
/// Finds the browse modules a commit changes (by their registered event types and read models).
/// After the commit it bumps this node's generations at once, so the committing request's own answer is already followed
/// by fresh reads, and hands the modules to the <see cref="BrowseCacheAnnouncer"/> for the other nodes.
/// </summary>
internal sealed class BrowseCacheInvalidation(BrowseModules modules, BrowseCacheEviction eviction, BrowseCacheAnnouncer announcer)
    : DocumentSessionListenerBase
{
    public override async Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        var types = commit.GetEvents().Select(e => e.EventType)
            .Concat(commit.Inserted.Concat(commit.Updated).Concat(commit.Deleted).Select(d => d.GetType()));
        foreach (var module in types.Select(modules.Owning).OfType<BrowseModule>().Select(m => m.Name).Distinct())
        {
            if (!await eviction.EvictAsync(module)) continue;
            announcer.Announce(module);
        }
    }
}
