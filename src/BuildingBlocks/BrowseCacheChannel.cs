namespace Zumodra.BuildingBlocks;

/// <summary>
/// The PostgreSQL NOTIFY channel on which anything that changes a module's browse data announces it (payload: the
/// module's name, e.g. <c>jobs</c>); every node evicts its cached browse responses for that module.
/// </summary>
public static class BrowseCacheChannel
{
    public const string Name = "zumodra_browse";
}

/// <summary>
/// Evicts this node's cached browse answers of a module at once (the browse cache implements it). A node that learns of
/// a change by another way than its own commit, such as the live change log, evicts before it tells anyone.
/// </summary>
public interface IBrowseCacheEviction
{
    /// <returns>Whether this node caches the module at all.</returns>
    Task<bool> EvictAsync(string module);
}
