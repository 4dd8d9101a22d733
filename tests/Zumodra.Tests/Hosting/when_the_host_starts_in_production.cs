using Zumodra.Tests.Live;

namespace Zumodra.Tests.Hosting;

/// <summary>
/// Issue #22: the Production host loads the Wolverine code written by scripts/codegen.sh into src/Host/Internal/Generated
/// instead of generating and compiling it at the first request. Timing is the benchmark's (bench/browse.sh --startup).
/// </summary>
[Collection(HostCollection.Name)]
[Trait("Category", "Process")]
public sealed class when_the_host_starts_in_production(HostApp app)
{
    [Fact]
    public async Task it_serves_a_write_and_relays_it_live_without_compiling_code_at_run_time()
    {
        await using var watcher = await app.Server.Listen("?channel=jobs");

        // The endpoint's adapter, then the live relay's message handler, each loaded from the build.
        var job = (await app.Server.PostJobAsync(LiveScenarios.AUniqueJob("Pre-generated Engineer"))).Id;
        await watcher.WaitForJobs([job], 1);

        // Wolverine loads the C# compiler only to compile generated code; in Production it must never have had to.
        var mapped = await File.ReadAllTextAsync($"/proc/{app.Server.ProcessId}/maps");
        mapped.ShouldNotContain("Microsoft.CodeAnalysis", Case.Insensitive,
            "the Production host compiled code at run time: regenerate src/Host/Internal/Generated with 'bash scripts/codegen.sh'");
    }
}
