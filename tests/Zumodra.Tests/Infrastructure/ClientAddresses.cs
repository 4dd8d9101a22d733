namespace Zumodra.Tests.Infrastructure;

public static class ClientAddresses
{
    /// <summary>
    /// A client address (from a documentation range) for a test to speak for through X-Forwarded-For, so that it spends
    /// per-address limits no other test touches.
    /// </summary>
    public static string Any() => $"198.51.{Random.Shared.Next(0, 256)}.{Random.Shared.Next(1, 255)}";
}
