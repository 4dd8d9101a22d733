using JasperFx.CodeGeneration;
using Wolverine;

namespace Zumodra.Host.Infrastructure;

internal static class GeneratedCode
{
    /// <summary>
    /// Outside Development, Wolverine loads the handler and endpoint adapters compiled into this assembly from
    /// src/Host/Internal/Generated (written by scripts/codegen.sh) and never compiles code at run time: a missing one
    /// fails instead. Generating and compiling them with Roslyn at the first request made the first write after a
    /// start take seconds (bench/browse.sh --startup). Development, and the in-memory tests that add modules of their
    /// own, generate them at run time. The code does not depend on the configuration (cluster mode included). Marten 9
    /// generates nothing at run time.
    /// </summary>
    public static void UseGeneratedCode(this WolverineOptions opts, IHostEnvironment environment)
    {
        opts.UseRuntimeCompilation();
        opts.CodeGeneration.TypeLoadMode = environment.IsDevelopment() ? TypeLoadMode.Dynamic : TypeLoadMode.Static;
    }
}
