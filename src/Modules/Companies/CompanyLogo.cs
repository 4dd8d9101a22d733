namespace Zumodra.Companies;

/// <summary>
/// An uploaded logo's bytes, which Zumodra serves itself at <see cref="PathOf"/>. Keyed by their SHA-256, so an address
/// always names the same image and browsers may keep it for good. A Marten document rather than a table of our own:
/// logos are small, rarely written and rarely read (browsers keep them), and a document is stored in the write's own
/// transaction, with its event. A replaced logo stays: cached pages may still name it, and other companies may share it.
/// </summary>
public sealed class CompanyLogo
{
    /// <summary>The SHA-256 of <see cref="Content"/>, in lowercase hex.</summary>
    public string Id { get; set; } = "";

    public string ContentType { get; set; } = "";

    public byte[] Content { get; set; } = [];

    private const string Folder = "/logos/";

    internal static string PathOf(string hash, string contentType) => $"{Folder}{hash}.{LogoFormat.OfType(contentType).Extension}";

    /// <summary>Whether the address is a logo Zumodra serves: the only kind the pages show, as their policy blocks any other.</summary>
    internal static bool IsServed(string? url) => url?.StartsWith(Folder, StringComparison.Ordinal) == true;
}

/// <summary>The image formats a logo may have: its media type and the extension of its address.</summary>
internal sealed record LogoFormat(string ContentType, string Extension)
{
    public static readonly LogoFormat Png = new("image/png", "png");
    public static readonly LogoFormat Jpeg = new("image/jpeg", "jpg");
    public static readonly LogoFormat WebP = new("image/webp", "webp");
    public static readonly LogoFormat Svg = new("image/svg+xml", "svg");

    private static readonly LogoFormat[] All = [Png, Jpeg, WebP, Svg];

    public static LogoFormat OfType(string contentType) => All.Single(x => x.ContentType == contentType);

    public static LogoFormat? OfExtension(string extension) => All.SingleOrDefault(x => x.Extension == extension);

    /// <summary>A raster format told by its first bytes (an SVG is told by parsing it).</summary>
    public static LogoFormat? OfRaster(ReadOnlySpan<byte> content) =>
        content.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]) ? Png
        : content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? Jpeg
        : content.Length >= 12 && content.StartsWith("RIFF"u8) && content[8..12].SequenceEqual("WEBP"u8) ? WebP
        : null;
}
