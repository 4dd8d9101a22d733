using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Zumodra.Web.Seo;

/// <summary>The site as search engines and feed readers are to know it (<c>Zumodra:Site</c>).</summary>
public sealed class SiteOptions
{
    public const string Section = "Zumodra:Site";

    /// <summary>
    /// The public address (<c>https://zumodra.example</c>) that canonical links and sitemaps name. Unset, each request's
    /// own scheme and host are used, which is right when the site answers at one address only.
    /// </summary>
    public string? PublicUrl { get; set; }

    /// <summary>The most URLs in one sitemap file (the protocol's limit); past it, <c>/sitemap.xml</c> is an index of files.</summary>
    public int SitemapMaxUrls { get; set; } = 50_000;
}

internal static class SiteAddress
{
    /// <summary>The absolute address of <paramref name="pathAndQuery"/> (which starts with <c>/</c>) on the public site.</summary>
    public static string Absolute(HttpContext context, string pathAndQuery) => Base(context) + pathAndQuery;

    public static string Base(HttpContext context)
    {
        var configured = context.RequestServices.GetRequiredService<IOptions<SiteOptions>>().Value.PublicUrl;
        var request = context.Request;
        return string.IsNullOrWhiteSpace(configured) ? $"{request.Scheme}://{request.Host}{request.PathBase}" : configured.TrimEnd('/');
    }
}
