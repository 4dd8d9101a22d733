namespace Zumodra.BuildingBlocks;

/// <summary>
/// The PostgreSQL NOTIFY channel on which anything that changes a module's browse data announces it (payload: the
/// module's name, e.g. <c>jobs</c>); every node evicts its cached browse responses for that module.
/// </summary>
public static class BrowseCacheChannel
{
    public const string Name = "zumodra_browse";
}
