using System.Globalization;
using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Zumodra.BuildingBlocks;

namespace Zumodra.Web.Seo;

/// <summary>One listing in a feed, in its module's words.</summary>
public sealed record FeedEntry(Guid Id, string Title, string? Summary, DateTimeOffset Published, DateTimeOffset Updated);

/// <summary>
/// <c>/{module}/feed.atom?&lt;the list's filters&gt;</c>: the newest <see cref="Entries"/> listings that match, as Atom 1.0
/// (written by System.ServiceModel.Syndication). The browse cache serves it as it serves the list: an ETag per module
/// generation, so a feed reader asking again gets 304 until the next commit.
/// </summary>
public static class BrowseFeed
{
    public const int Entries = 50;

    /// <summary>A list's query as its feed reads it: the same filters, always the first <see cref="Entries"/>, newest first.</summary>
    public static IQueryCollection Query(IQueryCollection query)
    {
        var filters = query.Where(p => p.Key is not ("page" or "pageSize" or "sort")).ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);
        filters["pageSize"] = new StringValues(Entries.ToString(CultureInfo.InvariantCulture));
        return new QueryCollection(filters);
    }

    /// <param name="title">The feed's title: the list and its filters in words.</param>
    /// <param name="listPath">The list page the feed follows (its filters in the query).</param>
    internal static IResult Result(BrowseModule module, string title, string listPath, string feedPath, IReadOnlyList<FeedEntry> entries) =>
        new AtomResult(module, title, listPath, feedPath, entries);

    private sealed class AtomResult(BrowseModule module, string title, string listPath, string feedPath, IReadOnlyList<FeedEntry> entries) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            var self = new Uri(SiteAddress.Absolute(context, feedPath));
            var feed = new SyndicationFeed(title, null, new Uri(SiteAddress.Absolute(context, listPath)))
            {
                Id = self.AbsoluteUri,
                // An empty feed has no entry to date it by; it is as new as its answer.
                LastUpdatedTime = entries.Count == 0 ? DateTimeOffset.UtcNow : entries.Max(e => e.Updated),
                Generator = "Zumodra",
                Authors = { new SyndicationPerson { Name = "Zumodra" } },
                Items = entries.Select(entry => Item(context, module.DetailPath(entry.Id), entry)).ToList(),
            };
            feed.Links.Add(new SyndicationLink(self, "self", title, "application/atom+xml", 0));

            // Fifty entries: written whole, then sent (the formatter writes synchronously).
            using var buffer = new MemoryStream();
            using (var xml = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
                new Atom10FeedFormatter(feed).WriteTo(xml);
            context.Response.ContentType = "application/atom+xml; charset=utf-8";
            context.Response.ContentLength = buffer.Length;
            await context.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted);
        }

        private static SyndicationItem Item(HttpContext context, string path, FeedEntry entry)
        {
            var item = new SyndicationItem
            {
                Id = $"urn:uuid:{entry.Id}",
                Title = new TextSyndicationContent(entry.Title),
                Summary = new TextSyndicationContent(entry.Summary ?? entry.Title),
                PublishDate = entry.Published,
                LastUpdatedTime = entry.Updated,
            };
            item.Links.Add(SyndicationLink.CreateAlternateLink(new Uri(SiteAddress.Absolute(context, path)), "text/html"));
            return item;
        }
    }
}
