using Marten;

namespace Zumodra.BuildingBlocks;

/// <summary>
/// A module's demo data, written by the <c>seed</c> command (never by merely starting the host).
/// Implementations must be idempotent: seeding twice leaves the same data.
/// </summary>
public interface IDemoData
{
    /// <summary>Lower runs first, so that modules can seed what others refer to.</summary>
    int Order { get; }

    Task<int> SeedAsync(IDocumentSession session, CancellationToken cancellation);
}
