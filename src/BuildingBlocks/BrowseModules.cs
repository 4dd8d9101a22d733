using System.Text.RegularExpressions;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Zumodra.BuildingBlocks;

/// <summary>
/// The registered browse modules, checked together: a name, item name, read model or event type claimed twice, a name
/// the host already routes, a sidebar field that names no filter, or a read model no projection keeps stops the host at
/// start-up with a message naming both sides.
/// </summary>
public sealed partial class BrowseModules
{
    /// <summary>First path segments the host itself serves; a module of that name would be shadowed or shadow it.</summary>
    private static readonly string[] Reserved = ["admin", "api", "hubs", "health", "css", "js", "lib", "favicon.svg"];

    private readonly Dictionary<string, BrowseModule> _byName;
    private readonly Dictionary<Type, BrowseModule> _byType = [];

    public BrowseModules(IEnumerable<BrowseModule> modules)
    {
        All = [.. modules.OrderBy(m => m.NavOrder)];
        var problems = new List<string>();
        foreach (var module in All)
        {
            if (!Slug().IsMatch(module.Name)) problems.Add($"{Describe(module)}: the name must be lower-case letters, digits and dashes.");
            if (!Slug().IsMatch(module.ItemName)) problems.Add($"{Describe(module)}: the item name '{module.ItemName}' must be lower-case letters, digits and dashes.");
            if (Reserved.Contains(module.Name, StringComparer.OrdinalIgnoreCase))
                problems.Add($"{Describe(module)}: /{module.Name} is the host's own route ({string.Join(", ", Reserved.Select(r => "/" + r))} are taken).");
            foreach (var filter in module.Sidebar.Fields.SelectMany(f => f.Filters).Where(f => !module.Filters.All.Contains(f)))
                problems.Add($"{Describe(module)}: its sidebar offers '{filter}', which is not one of its filters ({string.Join(", ", module.Filters.All)}).");
            if (module.Sorts.Count == 0) problems.Add($"{Describe(module)}: it offers no sort.");
            foreach (var twice in module.Sidebar.Fields.SelectMany(f => f.Filters).GroupBy(f => f).Where(g => g.Count() > 1))
                problems.Add($"{Describe(module)}: its sidebar offers '{twice.Key}' {twice.Count()} times.");
            if (module.DemoData is { } demo && !typeof(IDemoData).IsAssignableFrom(demo))
                problems.Add($"{Describe(module)}: its demo data {demo.FullName} is not an {nameof(IDemoData)}.");
        }
        Clashes(problems, "name", m => [m.Name.ToLowerInvariant()]);
        Clashes(problems, "item name (pushed methods)", m => [m.ItemName.ToLowerInvariant()]);
        Clashes(problems, "read model", m => [m.ItemType.FullName!]);
        Clashes(problems, "event type", m => m.EventTypes.Select(t => t.FullName!));
        if (problems.Count > 0) throw new InvalidOperationException("The browse modules disagree:\n" + string.Join("\n", problems));

        _byName = All.ToDictionary(m => m.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var module in All)
        {
            _byType[module.ItemType] = module;
            foreach (var type in module.EventTypes) _byType[type] = module;
        }
    }

    /// <summary>In navigation order.</summary>
    public IReadOnlyList<BrowseModule> All { get; }

    /// <summary>The module named <paramref name="name"/>, in any case (routing ignores case too).</summary>
    public BrowseModule? Named(string? name) => name is null ? null : _byName.GetValueOrDefault(name);

    /// <summary>The module whose browse data an event or document of <paramref name="type"/> changes: its events and its read model.</summary>
    public BrowseModule? Owning(Type type) => _byType.GetValueOrDefault(type);

    /// <summary>Refuses a module whose read model no registered projection keeps (its pages would stay empty).</summary>
    public void CheckProjections(StoreOptions options)
    {
        var kept = options.Projections.All.SelectMany(p => p.PublishedTypes()).ToHashSet();
        var missing = All.Where(m => !kept.Contains(m.ItemType)).ToList();
        if (missing.Count > 0)
            throw new InvalidOperationException("The browse modules disagree with the event store:\n" + string.Join("\n",
                missing.Select(m => $"{Describe(m)}: no registered projection keeps its read model {m.ItemType.FullName}; register one with opts.Projections.Add.")));
    }

    private void Clashes(List<string> problems, string what, Func<BrowseModule, IEnumerable<string>> keys)
    {
        foreach (var clash in All.SelectMany(m => keys(m).Select(key => (Key: key, Module: m))).GroupBy(x => x.Key).Where(g => g.Count() > 1))
            problems.Add($"{string.Join(" and ", clash.Select(x => Describe(x.Module)))} claim the same {what} '{clash.Key}'.");
    }

    private static string Describe(BrowseModule module) => $"module '{module.Name}' ({module.ItemType.Assembly.GetName().Name})";

    [GeneratedRegex("^[a-z][a-z0-9-]*$")]
    private static partial Regex Slug();
}

public static class BrowseModuleRegistration
{
    /// <summary>
    /// The one call that makes a module's browse data known to the rest of the application; it also registers the
    /// module's event types and demo data. The module keeps registering its projection and endpoints itself.
    /// </summary>
    public static IServiceCollection AddBrowseModule(this IServiceCollection services, BrowseModule module)
    {
        services.AddSingleton(module);
        services.ConfigureMarten(opts => opts.Events.AddEventTypes(module.EventTypes));
        if (module.DemoData is { } demo) services.AddSingleton(typeof(IDemoData), demo);
        services.TryAddSingleton<BrowseModules>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, BrowseModulesCheck>());
        return services;
    }
}

/// <summary>Checks the registrations when the host starts, before it serves anything.</summary>
internal sealed class BrowseModulesCheck(BrowseModules modules, IDocumentStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        modules.CheckProjections((StoreOptions)store.Options);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
