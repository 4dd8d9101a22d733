using System.Reflection;
using JasperFx.CommandLine;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;
using Wolverine.Http;
using Zumodra.Tests.Jobs;

namespace Zumodra.Tests.Architecture;

/// <summary>
/// A module's types are internal unless something outside the module needs them: the host (its <c>{Name}Module</c>
/// class), Wolverine's generated code (endpoints, handlers and every type their signatures use), Razor Pages (page
/// models, view components), JasperFx (commands), Marten (the documents, events and projections the store knows) and what those expose
/// publicly in turn.
/// </summary>
[Collection(JobsCollection.Name)]
public sealed class types_are_internal_unless_needed(JobsApp app)
{
    [Theory, MemberData(nameof(modules_are_independent.ModuleNames), MemberType = typeof(modules_are_independent))]
    public void a_module_makes_public_only_what_another_project_needs(string module)
    {
        var assembly = modules_are_independent.Modules.Single(x => x.GetName().Name == module);
        var needed = Needed(assembly);

        assembly.GetExportedTypes().Where(t => !needed.Contains(t)).Select(t => t.FullName).ShouldBeEmpty(
            $"{module}: make these internal, or say in the test why something outside the module needs them");
    }

    private HashSet<Type> Needed(Assembly assembly)
    {
        var store = app.Host.Services.GetRequiredService<IDocumentStore>();
        var marten = store.Options.AllKnownDocumentTypes().Select(d => d.DocumentType)
            .Concat(store.Options.Events.AllKnownEventTypes().Select(e => e.EventType))
            .Concat(((StoreOptions)store.Options).Projections.All.Select(p => p.ImplementationType));
        var roots = assembly.GetExportedTypes().Where(t =>
                t.Name == assembly.GetName().Name!["Zumodra.".Length..] + "Module"
                || t.Name.EndsWith("Handler", StringComparison.Ordinal)
                || t.GetMethods().Any(m => m.GetCustomAttributes<WolverineHttpMethodAttribute>().Any())
                || typeof(PageModel).IsAssignableFrom(t)
                // MVC finds view components (a company page's sections) among the public types, as it does page models.
                || typeof(ViewComponent).IsAssignableFrom(t)
                // JasperFx finds command-line commands (admin-rebuild) among the public types.
                || typeof(IJasperFxCommand).IsAssignableFrom(t))
            .Concat(marten.Where(t => t.Assembly == assembly));

        var needed = new HashSet<Type>();
        var pending = new Queue<Type>(roots);
        while (pending.TryDequeue(out var type))
        {
            if (type.Assembly != assembly || !needed.Add(type)) continue;
            foreach (var used in Exposed(type)) pending.Enqueue(used);
        }
        return needed;
    }

    /// <summary>The types <paramref name="type"/>'s public surface names: base types, members' types, generic arguments.</summary>
    private static IEnumerable<Type> Exposed(Type type)
    {
        const BindingFlags surface = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var direct = new List<Type?> { type.BaseType };
        direct.AddRange(type.GetInterfaces());
        direct.AddRange(type.GetProperties(surface).Select(p => p.PropertyType));
        direct.AddRange(type.GetFields(surface).Select(f => f.FieldType));
        foreach (var method in type.GetMethods(surface).Cast<MethodBase>().Concat(type.GetConstructors()))
        {
            if (method is MethodInfo info) direct.Add(info.ReturnType);
            direct.AddRange(method.GetParameters().Select(p => p.ParameterType));
        }
        direct.AddRange(type.GetNestedTypes());
        return direct.OfType<Type>().SelectMany(Unwrapped);
    }

    private static IEnumerable<Type> Unwrapped(Type type)
    {
        if (type.HasElementType) return Unwrapped(type.GetElementType()!);
        return type.IsGenericType ? type.GetGenericArguments().SelectMany(Unwrapped).Append(type) : [type];
    }
}
