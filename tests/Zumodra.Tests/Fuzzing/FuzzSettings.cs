using System.Globalization;

namespace Zumodra.Tests.Fuzzing;

/// <summary>
/// How many cases to run and from which seed. Defaults: a fixed seed and ~5,000 cases (under 2 minutes).
/// <c>ZUMODRA_FUZZ_SEED=n</c> replays one run exactly (the seed is printed with every report);
/// <c>ZUMODRA_FUZZ_CASES=n</c> sets the number of API cases (the hub gets a quarter as many);
/// <c>ZUMODRA_FUZZ_SOAK=1</c> multiplies the defaults by 20 for a long soak.
/// </summary>
internal static class FuzzSettings
{
    private const ulong DefaultSeed = 20261206;
    private const int DefaultApiCases = 4000;

    public static ulong Seed { get; } = ulong.TryParse(Environment.GetEnvironmentVariable("ZUMODRA_FUZZ_SEED"), NumberStyles.None, CultureInfo.InvariantCulture, out var seed)
        ? seed
        : DefaultSeed;

    public static int ApiCases { get; } = int.TryParse(Environment.GetEnvironmentVariable("ZUMODRA_FUZZ_CASES"), out var cases) && cases > 0
        ? cases
        : DefaultApiCases * (Environment.GetEnvironmentVariable("ZUMODRA_FUZZ_SOAK") == "1" ? 20 : 1);

    public static int HubInvocations => Math.Max(100, ApiCases / 4);

    public static int HubJoins => Math.Max(20, ApiCases / 40);

    public static string Replay => $"seed {Seed} (replay: ZUMODRA_FUZZ_SEED={Seed} ZUMODRA_FUZZ_CASES={ApiCases})";
}
