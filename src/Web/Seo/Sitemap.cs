using System.Globalization;
using System.Text;
using System.Xml;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Zumodra.BuildingBlocks;

namespace Zumodra.Web.Seo;

/// <summary>
/// <c>/robots.txt</c> and <c>/sitemap.xml</c>: each module's list and map pages, and the page of every item its browse read
/// model holds (the open listings), with <c>lastmod</c> from the read model's own last change. Past
/// <see cref="SiteOptions.SitemapMaxUrls"/> URLs, <c>/sitemap.xml</c> is an index of <c>/sitemaps/lists.xml</c> and
/// <c>/sitemaps/{module}-{n}.xml</c>. Written as they are read, so a million listings take no more memory than ten.
/// </summary>
internal static class Sitemap
{
    private const string UrlSet = "urlset";
    private const string Namespace = "http://www.sitemaps.org/schemas/sitemap/0.9";
    private const string ListsFile = "lists";

    /// <summary>Search engines read these often; a few minutes old is fresh enough, and spares the database.</summary>
    private const string CacheControl = "public, max-age=300";

    public static void MapSitemap(this IEndpointRouteBuilder app)
    {
        app.MapGet("/robots.txt", Robots).ExcludeFromDescription();
        app.MapGet("/sitemap.xml", SitemapOrIndexAsync).ExcludeFromDescription();
        app.MapGet("/sitemaps/{file}.xml", FileAsync).ExcludeFromDescription();
    }

    private static IResult Robots(HttpContext context) => Results.Text(
        $"""
        User-agent: *
        Disallow: /admin
        Disallow: /api/
        Disallow: /hubs/
        Sitemap: {SiteAddress.Absolute(context, "/sitemap.xml")}

        """, "text/plain", Encoding.UTF8);

    private static async Task SitemapOrIndexAsync(HttpContext context, BrowseModules modules, IQuerySession session, IOptions<SiteOptions> options)
    {
        var max = options.Value.SitemapMaxUrls;
        var counts = new List<(BrowseModule Module, long Items)>();
        foreach (var module in modules.All) counts.Add((module, await CountAsync(session, module, context.RequestAborted)));
        var index = ListPages(modules).Count() + counts.Sum(x => x.Items) > max;

        await using var xml = await StartAsync(context, index ? "sitemapindex" : UrlSet);
        if (index)
        {
            await WriteSitemapAsync(xml, context, ListsFile);
            foreach (var (module, items) in counts)
                for (var n = 1; (n - 1) * (long)max < items; n++) await WriteSitemapAsync(xml, context, $"{module.Name}-{n}");
        }
        else
        {
            await WriteListsAsync(xml, context, modules);
            foreach (var (module, _) in counts) await WriteItemsAsync(xml, context, session, module, 0, max);
        }
        await EndAsync(xml);
    }

    /// <summary>One file of the index: the list pages, or the <c>n</c>th <see cref="SiteOptions.SitemapMaxUrls"/> items of a module.</summary>
    private static async Task FileAsync(string file, HttpContext context, BrowseModules modules, IQuerySession session, IOptions<SiteOptions> options)
    {
        var max = options.Value.SitemapMaxUrls;
        if (file == ListsFile)
        {
            await using var lists = await StartAsync(context, UrlSet);
            await WriteListsAsync(lists, context, modules);
            await EndAsync(lists);
            return;
        }
        var dash = file.LastIndexOf('-');
        var module = dash < 0 ? null : modules.All.FirstOrDefault(m => m.Name == file[..dash]);
        if (module is null || !int.TryParse(file[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1
            || (n - 1) * (long)max >= Math.Max(1, await CountAsync(session, module, context.RequestAborted)))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        await using var xml = await StartAsync(context, UrlSet);
        await WriteItemsAsync(xml, context, session, module, (n - 1) * (long)max, max);
        await EndAsync(xml);
    }

    private static IEnumerable<string> ListPages(BrowseModules modules) => modules.All.SelectMany(m => new[] { m.PagePath, m.MapPath });

    private static async Task<XmlWriter> StartAsync(HttpContext context, string root)
    {
        context.Response.ContentType = "application/xml; charset=utf-8";
        context.Response.Headers.CacheControl = CacheControl;
        var xml = XmlWriter.Create(context.Response.Body, new XmlWriterSettings { Async = true, Encoding = new UTF8Encoding(false) });
        await xml.WriteStartDocumentAsync();
        await xml.WriteStartElementAsync(null, root, Namespace);
        return xml;
    }

    private static async Task EndAsync(XmlWriter xml)
    {
        await xml.WriteEndElementAsync();
        await xml.WriteEndDocumentAsync();
    }

    private static async Task WriteListsAsync(XmlWriter xml, HttpContext context, BrowseModules modules)
    {
        foreach (var path in ListPages(modules)) await WriteEntryAsync(xml, "url", SiteAddress.Absolute(context, path), null);
    }

    private static Task WriteSitemapAsync(XmlWriter xml, HttpContext context, string file) =>
        WriteEntryAsync(xml, "sitemap", SiteAddress.Absolute(context, $"/sitemaps/{file}.xml"), null);

    private static async Task WriteItemsAsync(XmlWriter xml, HttpContext context, IQuerySession session, BrowseModule module, long skip, int take)
    {
        var sql = $"select row(d.id), row(d.mt_last_modified) from {Table(session, module)} d order by d.id offset ? limit ?";
        await foreach (var (id, lastModified) in session.AdvancedSql.StreamAsync<Guid, DateTimeOffset>(sql, context.RequestAborted, skip, take))
        {
            await WriteEntryAsync(xml, "url", SiteAddress.Absolute(context, module.DetailPath(id)), lastModified);
        }
    }

    private static async Task WriteEntryAsync(XmlWriter xml, string element, string location, DateTimeOffset? lastModified)
    {
        await xml.WriteStartElementAsync(null, element, Namespace);
        await xml.WriteElementStringAsync(null, "loc", Namespace, location);
        if (lastModified is { } modified)
            await xml.WriteElementStringAsync(null, "lastmod", Namespace, modified.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        await xml.WriteEndElementAsync();
    }

    private static async Task<long> CountAsync(IQuerySession session, BrowseModule module, CancellationToken cancellation) =>
        (await session.AdvancedSql.QueryAsync<long>($"select count(*) from {Table(session, module)}", cancellation))[0];

    private static string Table(IQuerySession session, BrowseModule module) =>
        session.DocumentStore.Options.FindOrResolveDocumentType(module.ItemType).TableName.QualifiedName;
}
