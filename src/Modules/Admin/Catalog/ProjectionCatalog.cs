using JasperFx.Events;
using JasperFx.Events.Aggregation;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Zumodra.BuildingBlocks;

namespace Zumodra.Admin.Catalog;

/// <summary>One projection registered with Marten, as the admin screens describe it.</summary>
/// <param name="Name">Marten's name for it (for a single-stream projection, its document type's name, e.g. <c>JobBrowseItem</c>).</param>
/// <param name="Kind">single_stream_projection, multi_stream_projection, event_projection, …</param>
/// <param name="Document">How Admin reads and rebuilds its documents; null when Admin cannot (see <paramref name="NotRebuildable"/>).</param>
/// <param name="NotRebuildable">Why Admin cannot rebuild it, or null when it can.</param>
internal sealed record ProjectionEntry(
    string Name,
    string Kind,
    ProjectionLifecycle Lifecycle,
    Type ImplementationType,
    IReadOnlyList<Type> PublishedTypes,
    ProjectedDocument? Document,
    string? NotRebuildable);

/// <summary>
/// Every projection any module registered, discovered from Marten's own options: modules need no admin-specific code.
/// Single-stream aggregations keyed by the stream's Guid (all browse read models and write-model snapshots) can be
/// time-travelled and rebuilt; anything else is listed with the reason it cannot.
/// </summary>
public sealed class ProjectionCatalog(IDocumentStore store, BrowseModules modules)
{
    private readonly Lazy<IReadOnlyList<ProjectionEntry>> _entries = new(() => Discover(store, modules));

    internal IReadOnlyList<ProjectionEntry> All => _entries.Value;

    internal IEnumerable<ProjectedDocument> Documents => All.Select(x => x.Document).OfType<ProjectedDocument>();

    internal ProjectionEntry? Find(string name) =>
        All.FirstOrDefault(x => string.Equals(x.Name, name, StringComparison.OrdinalIgnoreCase));

    internal ProjectedDocument? DocumentOfType(Type type) => Documents.FirstOrDefault(x => x.DocumentType == type);

    private static IReadOnlyList<ProjectionEntry> Discover(IDocumentStore store, BrowseModules modules)
    {
        var options = (StoreOptions)store.Options;
        return options.Projections.All
            .Select(source => Describe(store, modules, source))
            .OrderBy(x => x.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    private static ProjectionEntry Describe(IDocumentStore store, BrowseModules modules, IProjectionSource<IDocumentOperations, IQuerySession> source)
    {
        var published = source.PublishedTypes().ToList();
        var kind = Snake(source.Type.ToString());
        var reason = WhyNotRebuildable(store, source);
        ProjectedDocument? document = null;
        if (reason is null)
        {
            var aggregate = (IAggregateProjection)source;
            var filter = source as EventFilterable;
            document = (ProjectedDocument)Activator.CreateInstance(
                typeof(SingleStreamDocument<>).MakeGenericType(aggregate.AggregateType),
                store, source.Name, filter?.IncludedEventTypes.ToArray() ?? [], filter?.StreamType, modules.Owning(aggregate.AggregateType))!;
        }
        return new ProjectionEntry(source.Name, kind, source.Lifecycle, source.ImplementationType, published, document, reason);
    }

    private static string? WhyNotRebuildable(IDocumentStore store, IProjectionSource<IDocumentOperations, IQuerySession> source)
    {
        if (source is not IAggregateProjection { Scope: AggregationScope.SingleStream } aggregate)
            return "Only single-stream aggregations are rebuilt by Admin; use the daemon (projections rebuild) for this one.";
        if (aggregate.IdentityType != typeof(Guid))
            return "Admin rebuilds documents keyed by Guid stream ids only.";
        if (source.Lifecycle != ProjectionLifecycle.Inline)
            return source.Lifecycle == ProjectionLifecycle.Live
                ? "A live aggregation stores no documents."
                : "Asynchronous projections are rebuilt by the async daemon (projections rebuild).";
        if (store.Options.Events.TenancyStyle != JasperFx.MultiTenancy.TenancyStyle.Single)
            return "Admin rebuilds single-tenant event stores only.";
        return null;
    }

    /// <summary><c>SingleStreamProjection</c> → <c>single_stream_projection</c>.</summary>
    internal static string Snake(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
