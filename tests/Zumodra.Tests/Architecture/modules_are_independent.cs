using System.Reflection;
using NetArchTest.Rules;
using Zumodra.BuildingBlocks;

namespace Zumodra.Tests.Architecture;

/// <summary>
/// Modules talk to each other only through the messages of their contracts assemblies (<c>Zumodra.{Module}.Contracts</c>,
/// owned by the module that publishes them): no module may reference another module's assembly or use its types, and
/// the contracts themselves depend on nothing of ours.
/// </summary>
public sealed class modules_are_independent
{
    private static readonly Assembly BuildingBlocksAssembly = typeof(LiveFeed).Assembly;

    /// <summary>
    /// Every module the host plugs in, found by convention (a Zumodra assembly with a static <c>{Name}Module</c> class
    /// in its root namespace), so a module added later is checked without editing this test.
    /// </summary>
    public static readonly Assembly[] Modules = typeof(Program).Assembly.GetReferencedAssemblies()
        .Where(x => x.Name!.StartsWith("Zumodra.", StringComparison.Ordinal))
        .Select(Assembly.Load)
        .Where(IsModule)
        .OrderBy(x => x.GetName().Name)
        .ToArray();

    public static TheoryData<string> ModuleNames => [.. Modules.Select(x => x.GetName().Name!)];

    /// <summary>Every contracts assembly a module references.</summary>
    public static readonly Assembly[] Contracts = Modules.SelectMany(m => m.GetReferencedAssemblies())
        .Where(x => x.Name!.StartsWith("Zumodra.", StringComparison.Ordinal) && x.Name.EndsWith(".Contracts", StringComparison.Ordinal))
        .Select(x => x.Name!).Distinct().Order().Select(name => Assembly.Load(name)).ToArray();

    public static TheoryData<string> ContractNames => [.. Contracts.Select(x => x.GetName().Name!)];

    private static bool IsModule(Assembly assembly)
    {
        var name = assembly.GetName().Name!;
        var shortName = name["Zumodra.".Length..];
        return assembly.GetType($"{name}.{shortName}Module") is { IsAbstract: true, IsSealed: true };
    }

    private static Assembly Module(string name) => Modules.Single(x => x.GetName().Name == name);

    [Fact]
    public void the_known_modules_are_found()
    {
        var names = Modules.Select(x => x.GetName().Name).ToList();
        names.ShouldContain("Zumodra.Jobs");
        names.ShouldContain("Zumodra.Companies");
        names.ShouldContain("Zumodra.Live");
        names.ShouldNotContain("Zumodra.Live.Contracts");
        Contracts.Select(x => x.GetName().Name).ShouldBe(["Zumodra.Companies.Contracts", "Zumodra.Jobs.Contracts", "Zumodra.Live.Contracts"]);
        names.ShouldNotContain("Zumodra.BuildingBlocks");
    }

    [Theory, MemberData(nameof(ModuleNames))]
    public void a_module_references_no_other_module_assembly(string module)
    {
        var others = Modules.Select(x => x.GetName().Name!).Where(x => x != module).ToHashSet();

        var references = Module(module).GetReferencedAssemblies().Select(x => x.Name!).ToList();

        references.Where(others.Contains).ShouldBeEmpty($"{module} must reach other modules only through their contracts");
        references.ShouldNotContain("Zumodra.Host");
    }

    [Theory, MemberData(nameof(ModuleNames))]
    public void a_module_uses_no_type_of_another_module(string module)
    {
        // Every type of the other modules by its full name (their namespaces would also match their contracts'), and the host.
        var others = TypeNames(Modules.Where(x => x.GetName().Name != module)).Append("Zumodra.Host").ToArray();

        var result = Types.InAssembly(Module(module)).ShouldNot().HaveDependencyOnAny(others).GetResult();

        result.IsSuccessful.ShouldBeTrue($"{module} uses {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Theory, MemberData(nameof(ContractNames))]
    public void contracts_depend_on_no_zumodra_assembly(string contracts)
    {
        var assembly = Contracts.Single(x => x.GetName().Name == contracts);
        assembly.GetReferencedAssemblies().Select(x => x.Name!)
            .Where(x => x.StartsWith("Zumodra", StringComparison.Ordinal)).ShouldBeEmpty();

        var ours = TypeNames(Modules.Append(BuildingBlocksAssembly)).Append("Zumodra.Host").ToArray();
        var result = Types.InAssembly(assembly).ShouldNot().HaveDependencyOnAny(ours).GetResult();
        result.IsSuccessful.ShouldBeTrue(string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Theory, MemberData(nameof(ContractNames))]
    public void contracts_hold_only_records_and_enums(string contracts)
    {
        var others = Contracts.Single(x => x.GetName().Name == contracts).GetTypes()
            .Where(x => !x.IsNested && !x.Name.StartsWith('<'))
            .Where(x => !x.IsEnum && !IsRecord(x))
            .Select(x => x.FullName)
            .ToList();

        others.ShouldBeEmpty($"{contracts} is for messages: records and the enums they use");
    }

    [Fact]
    public void building_blocks_know_no_module()
    {
        BuildingBlocksAssembly.GetReferencedAssemblies().Select(x => x.Name!)
            .Where(x => Modules.Any(m => m.GetName().Name == x)).ShouldBeEmpty();
    }

    /// <summary>The compiler gives every record (class or struct) a <c>PrintMembers</c> and record classes an <c>EqualityContract</c>.</summary>
    private static bool IsRecord(Type type) =>
        type.GetMethod("PrintMembers", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public) is not null
        && (type.IsValueType || type.GetProperty("EqualityContract", BindingFlags.Instance | BindingFlags.NonPublic) is not null);

    /// <summary>The full names of the assemblies' own types (not the compiler's helpers, which every assembly has alike).</summary>
    private static IEnumerable<string> TypeNames(IEnumerable<Assembly> assemblies) =>
        assemblies.SelectMany(x => x.GetTypes()).Where(x => x.Namespace?.StartsWith("Zumodra", StringComparison.Ordinal) == true).Select(x => x.FullName!);
}
