using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace Zumodra.Companies.UploadingLogo;

/// <summary>
/// Keeps of an SVG only static graphics, by allowlist: shapes, text, gradients, patterns, clips, masks, markers and
/// filters; links only within the document (<c>#id</c>); styles that import and fetch nothing. Everything else goes:
/// scripts, event handlers, foreignObject, animation, images, outside links, comments and processing instructions.
/// A DOCTYPE is skipped unread, so none of its entities expands and nothing is fetched (a reference to one fails the
/// parse). Browsers run nothing in an SVG shown through <c>img</c>, and the served file's policy forbids it too; this
/// keeps the logo harmless wherever else it is opened or embedded.
/// </summary>
internal static partial class SvgSanitizer
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private static readonly XNamespace XLink = "http://www.w3.org/1999/xlink";

    /// <summary>Deeper than any drawing needs, and the bound of the recursion below.</summary>
    private const int MaxDepth = 64;

    private static readonly HashSet<string> Elements =
    [
        "svg", "g", "defs", "symbol", "use", "title", "desc", "style",
        "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan", "textPath",
        "linearGradient", "radialGradient", "stop", "pattern", "clipPath", "mask", "marker",
        "filter", "feBlend", "feColorMatrix", "feComponentTransfer", "feComposite", "feConvolveMatrix", "feDiffuseLighting",
        "feDisplacementMap", "feDistantLight", "feDropShadow", "feFlood", "feFuncA", "feFuncB", "feFuncG", "feFuncR",
        "feGaussianBlur", "feMerge", "feMergeNode", "feMorphology", "feOffset", "fePointLight", "feSpecularLighting",
        "feSpotLight", "feTile", "feTurbulence",
    ];

    /// <summary>Geometry and presentation; no event handler (<c>on…</c>) and no link but <c>href</c>, checked apart.</summary>
    private static readonly HashSet<string> Attributes =
    [
        "id", "class", "style", "transform", "viewBox", "preserveAspectRatio", "version", "width", "height",
        "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy", "fr", "d", "points", "pathLength",
        "dx", "dy", "rotate", "textLength", "lengthAdjust", "startOffset", "method", "spacing", "side",
        "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-linecap", "stroke-linejoin", "stroke-miterlimit",
        "stroke-dasharray", "stroke-dashoffset", "stroke-opacity", "opacity", "color", "display", "visibility", "overflow",
        "clip-path", "clip-rule", "clipPathUnits", "mask", "maskUnits", "maskContentUnits", "filter", "filterUnits", "primitiveUnits",
        "marker-start", "marker-mid", "marker-end", "markerWidth", "markerHeight", "markerUnits", "refX", "refY", "orient",
        "offset", "stop-color", "stop-opacity", "gradientUnits", "gradientTransform", "spreadMethod",
        "patternUnits", "patternContentUnits", "patternTransform",
        "font-family", "font-size", "font-style", "font-variant", "font-weight", "font-stretch", "text-anchor", "text-decoration",
        "dominant-baseline", "alignment-baseline", "baseline-shift", "letter-spacing", "word-spacing", "writing-mode", "direction",
        "paint-order", "vector-effect", "shape-rendering", "text-rendering", "image-rendering", "color-interpolation",
        "color-interpolation-filters", "mix-blend-mode", "isolation", "lighting-color", "flood-color", "flood-opacity",
        "in", "in2", "result", "stdDeviation", "mode", "type", "values", "operator", "k1", "k2", "k3", "k4", "radius",
        "tableValues", "slope", "intercept", "amplitude", "exponent", "baseFrequency", "numOctaves", "seed",
        "stitchTiles", "scale", "xChannelSelector", "yChannelSelector", "order", "kernelMatrix", "divisor", "bias",
        "targetX", "targetY", "edgeMode", "preserveAlpha", "surfaceScale", "diffuseConstant", "specularConstant",
        "specularExponent", "kernelUnitLength", "azimuth", "elevation", "z", "pointsAtX", "pointsAtY", "pointsAtZ",
        "limitingConeAngle",
    ];

    private static readonly XmlReaderSettings Reading = new()
    {
        DtdProcessing = DtdProcessing.Ignore,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
    };

    private static readonly XmlWriterSettings Writing = new() { Encoding = new UTF8Encoding(false), OmitXmlDeclaration = true };

    /// <summary>The sanitised SVG, in UTF-8; or why the content is not an SVG that can be kept.</summary>
    public static (byte[]? Svg, string? Refusal) Sanitize(byte[] content)
    {
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(content), Reading);
            document = XDocument.Load(reader);
        }
        catch (XmlException)
        {
            return (null, "'logo' must be a PNG, JPEG, WebP or SVG image.");
        }
        if (document.Root?.Name != Svg + "svg")
            return (null, "'logo' must be a PNG, JPEG, WebP or SVG image (an SVG's root is an svg element in the SVG namespace).");

        var tooDeep = false;
        var clean = Clean(document.Root, 0, ref tooDeep)!;
        if (tooDeep) return (null, $"'logo' must not nest SVG elements more than {MaxDepth} deep.");
        var output = new MemoryStream();
        using (var writer = XmlWriter.Create(output, Writing)) clean.Save(writer);
        return (output.ToArray(), null);
    }

    /// <summary>A copy of the element with what is allowed of it, or null if it is not allowed at all.</summary>
    private static XElement? Clean(XElement source, int depth, ref bool tooDeep)
    {
        if (depth > MaxDepth)
        {
            tooDeep = true;
            return null;
        }
        if (source.Name.Namespace != Svg || !Elements.Contains(source.Name.LocalName)) return null;
        if (source.Name.LocalName == "style") return SafeCss(source.Value) ? new XElement(Svg + "style", source.Value) : null;

        var clean = new XElement(Svg + source.Name.LocalName);
        foreach (var attribute in source.Attributes())
            if (Clean(attribute) is { } kept) clean.Add(kept);
        foreach (var node in source.Nodes())
        {
            if (node is XElement child && Clean(child, depth + 1, ref tooDeep) is { } cleanChild) clean.Add(cleanChild);
            // CDATA becomes plain (escaped) text.
            else if (node is XText text) clean.Add(new XText(text.Value));
        }
        return clean;
    }

    private static XAttribute? Clean(XAttribute attribute)
    {
        // The writer declares the namespaces that the kept names need, and no other.
        if (attribute.IsNamespaceDeclaration) return null;
        var name = attribute.Name;
        var value = attribute.Value.Trim();
        if (name.LocalName == "href" && (name.Namespace == XNamespace.None || name.Namespace == XLink))
            return value.StartsWith('#') ? new XAttribute("href", value) : null;
        if (name == XNamespace.Xml + "space") return new XAttribute(name, value);
        if (name.Namespace != XNamespace.None || !Attributes.Contains(name.LocalName)) return null;
        return SafeCss(value) ? new XAttribute(name, value) : null;
    }

    /// <summary>
    /// Whether a style sheet, style attribute or presentation attribute fetches nothing: <c>url()</c> only of <c>#id</c>,
    /// no <c>@import</c> or <c>image-set()</c>, no escapes (which could spell either), no script.
    /// </summary>
    private static bool SafeCss(string value) =>
        !value.Contains('\\')
        && !value.Contains("@import", StringComparison.OrdinalIgnoreCase)
        && !value.Contains("image-set(", StringComparison.OrdinalIgnoreCase)
        && !value.Contains("expression(", StringComparison.OrdinalIgnoreCase)
        && !value.Contains("javascript:", StringComparison.OrdinalIgnoreCase)
        && !OutsideUrl().IsMatch(value);

    [GeneratedRegex("""url\s*\(\s*(?!['"]?\s*#)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OutsideUrl();
}
