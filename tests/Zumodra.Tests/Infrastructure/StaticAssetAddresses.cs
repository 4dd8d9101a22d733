using System.Text.RegularExpressions;

namespace Zumodra.Tests.Infrastructure;

public static partial class StaticAssetAddresses
{
    /// <summary>A fingerprinted address, as MapStaticAssets names one: <c>name.{10 characters}.ext</c>.</summary>
    [GeneratedRegex(@"\.[0-9a-z]{10}\.[a-z]+$")]
    public static partial Regex Fingerprinted();
}
