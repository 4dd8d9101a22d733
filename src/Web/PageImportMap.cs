using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;

namespace Zumodra.Web;

/// <summary>
/// The pages' import map: each script's plain address (what a module's <c>import './fields.js'</c> resolves to) mapped to
/// its fingerprinted one, with its integrity, so the browser caches every module for good. Built from the static assets
/// manifest the page endpoints carry (<c>WithStaticAssets</c>). The platform's own map has keys relative to the page
/// ("./_content/…"), which match only at the site's root without a <c>&lt;base href="/"&gt;</c>; these keys are absolute.
/// The map is an inline script, so the Content-Security-Policy names its hash.
/// </summary>
internal sealed class PageImportMap
{
    private static readonly ConditionalWeakTable<ResourceAssetCollection, PageImportMap> Maps = new();

    private PageImportMap(ImportMapDefinition definition)
    {
        Definition = definition;
        // The script tag helper writes the definition's text as the element's whole content; that is what is hashed.
        ScriptHash = $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(definition.ToString())))}'";
    }

    public ImportMapDefinition Definition { get; }

    /// <summary>The CSP source that lets this map run, e.g. <c>'sha256-…'</c>.</summary>
    public string ScriptHash { get; }

    /// <summary>The map for the page being served; null for a request that is not for a page.</summary>
    public static PageImportMap? Of(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<ResourceAssetCollection>() is { } assets ? Maps.GetValue(assets, From) : null;

    private static PageImportMap From(ResourceAssetCollection assets)
    {
        var imports = new Dictionary<string, string>();
        var integrity = new Dictionary<string, string>();
        foreach (var asset in assets)
        {
            // Scripts, and the data they fetch (the basemap): import.meta.resolve gives them their fingerprinted address.
            if (!asset.Url.EndsWith(".js", StringComparison.OrdinalIgnoreCase) && !asset.Url.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) continue;
            // Only a fingerprinted address has a label: the plain address it stands for.
            var label = asset.Properties?.FirstOrDefault(p => p.Name == "label")?.Value;
            if (label is null) continue;
            imports["/" + label] = "/" + asset.Url;
            if (asset.Properties!.FirstOrDefault(p => p.Name == "integrity")?.Value is { } hash) integrity["/" + asset.Url] = hash;
        }
        return new PageImportMap(new ImportMapDefinition(imports, scopes: null, integrity));
    }
}
