using System.Reflection;
using Zumodra.Tests.Browser;
using Zumodra.Tests.Infrastructure;

namespace Zumodra.Tests.Hosting;

/// <summary>
/// <c>scripts/test.sh --quick</c> skips the tests that start host processes or a browser by their
/// <c>Category</c> trait; a test class that starts them without the trait would slow the quick loop down (and flake
/// there under load). A class starts them when it, or a fixture it is given, holds a <see cref="LiveServer"/>.
/// </summary>
public sealed class process_and_browser_tests_are_tagged
{
    private static bool Holds(Type type, Type held) =>
        type.GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public).Any(x => x.FieldType == held)
        || type.GetProperties().Any(x => x.PropertyType == held);

    private static bool StartsProcesses(Type test) =>
        Holds(test, typeof(LiveServer))
        || test.GetConstructors().SelectMany(x => x.GetParameters()).Any(x => Holds(x.ParameterType, typeof(LiveServer)));

    /// <summary>The class's <c>[Trait("Category", ...)]</c> (xunit's attribute keeps its arguments to itself).</summary>
    private static string? Category(Type test) =>
        CustomAttributeData.GetCustomAttributes(test)
            .Where(x => x.AttributeType == typeof(TraitAttribute) && (string?)x.ConstructorArguments[0].Value == "Category")
            .Select(x => (string?)x.ConstructorArguments[1].Value)
            .FirstOrDefault();

    [Fact]
    public void every_test_class_that_starts_a_host_process_is_tagged_process_or_browser()
    {
        var tests = typeof(process_and_browser_tests_are_tagged).Assembly.GetTypes()
            .Where(x => x.GetMethods().Any(m => m.GetCustomAttributes<FactAttribute>().Any()))
            .ToList();
        var starting = tests.Where(StartsProcesses).ToList();

        starting.ShouldNotBeEmpty();
        starting.Where(x => Category(x) is not ("Process" or "Browser")).Select(x => x.FullName).ShouldBeEmpty();
        starting.Where(x => x.GetConstructors().SelectMany(c => c.GetParameters()).Any(p => p.ParameterType == typeof(BrowserApp)))
            .Where(x => Category(x) != "Browser").Select(x => x.FullName).ShouldBeEmpty();
    }
}
