using PdfSharp.Fonts;

namespace Zumodra.Web.Exports;

/// <summary>
/// PDFsharp's fonts on Linux, which has no Windows fonts for it to find: DejaVu Sans (regular and bold) from Debian's
/// <c>fonts-dejavu-core</c>, which the scripts install when missing. Read from disk once each, never downloaded.
/// </summary>
internal sealed class ExportFonts : IFontResolver
{
    public const string Family = "DejaVu Sans";

    private const string Directory = "/usr/share/fonts/truetype/dejavu";

    private static readonly Lazy<byte[]> Regular = new(() => Read("DejaVuSans.ttf"));
    private static readonly Lazy<byte[]> Bold = new(() => Read("DejaVuSans-Bold.ttf"));

    /// <summary>PDFsharp's resolver is process-wide and may be set only once, before any font is used.</summary>
    public static void Use()
    {
        lock (typeof(ExportFonts))
            if (GlobalFontSettings.FontResolver is not ExportFonts) GlobalFontSettings.FontResolver = new ExportFonts();
    }

    public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic) => new(bold ? "bold" : "regular");

    public byte[] GetFont(string faceName) => faceName == "bold" ? Bold.Value : Regular.Value;

    private static byte[] Read(string file)
    {
        var path = Path.Combine(Directory, file);
        if (!File.Exists(path)) throw new FileNotFoundException($"PDF exports need {path}: install Debian's fonts-dejavu-core.", path);
        return File.ReadAllBytes(path);
    }
}
