using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Zumodra.Web.Seo;

/// <summary>
/// What the layout tells search engines and link previews (meta description, canonical link, Open Graph) about a page. A
/// page sets <c>ViewData["Description"]</c> and, when it is one to be found, <c>ViewData["Canonical"]</c>: its address
/// without what does not change its content; a list also names its Atom feed, <c>ViewData["Feed"]</c>.
/// </summary>
public sealed partial record PageMeta(string Title, string Description, string? Canonical, string? Feed, bool Indexable)
{
    private const string DefaultDescription = "Browse jobs, companies and freelance projects, updated live.";

    /// <summary>Search engines show about this many characters of a description.</summary>
    private const int DescriptionLength = 160;

    public static PageMeta Of(ViewDataDictionary data, HttpContext context)
    {
        // Error pages and the admin's are not for search engines, nor to link to.
        var indexable = context.Response.StatusCode < 400 && !context.Request.Path.StartsWithSegments("/admin");
        return new PageMeta(
            data["Title"] as string ?? "Zumodra",
            data["Description"] as string ?? DefaultDescription,
            indexable && data["Canonical"] is string canonical ? SiteAddress.Absolute(context, canonical) : null,
            data["Feed"] as string,
            indexable);
    }

    /// <summary>A description from a lead sentence and an item's own text: whitespace folded, cut at a word to fit.</summary>
    public static string Describe(string lead, string? text)
    {
        var whole = Whitespace().Replace(string.IsNullOrWhiteSpace(text) ? lead : $"{lead}. {text}", " ").Trim();
        if (whole.Length <= DescriptionLength) return whole;
        var cut = whole.LastIndexOf(' ', DescriptionLength - 1);
        return whole[..(cut > DescriptionLength / 2 ? cut : DescriptionLength - 1)].TrimEnd(',', '.', ';', ':', ' ') + "…";
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
