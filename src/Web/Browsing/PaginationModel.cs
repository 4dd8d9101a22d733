using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;

namespace Zumodra.Web.Browsing;

/// <summary>Numbered pages with previous/next; every link keeps the request's other query parameters (the filters).</summary>
public sealed class PaginationModel
{
    private const int Around = 2;
    private readonly string _path;
    private readonly List<KeyValuePair<string, string>> _query;

    /// <param name="label">The navigation's accessible name, unique on its page.</param>
    public PaginationModel(string path, IQueryCollection query, int page, int pageSize, long total, string label = "Pagination")
    {
        Label = label;
        _path = path;
        _query = query.Where(q => q.Key != "page").SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? ""))).ToList();
        Page = page;
        TotalPages = (int)Math.Max(1, (total + pageSize - 1) / pageSize);
    }

    public string Label { get; }

    public int Page { get; }
    public int TotalPages { get; }

    /// <summary>Page numbers to show, with null for a gap ("…"): the first, the last, and those around the current one.</summary>
    public IEnumerable<int?> Numbers()
    {
        int? previous = null;
        for (var n = 1; n <= TotalPages; n++)
        {
            if (n != 1 && n != TotalPages && Math.Abs(n - Page) > Around) continue;
            if (previous is { } p && n - p > 1) yield return null;
            yield return n;
            previous = n;
        }
    }

    public string Url(int page)
    {
        var query = new QueryBuilder(_query);
        if (page > 1) query.Add("page", page.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return _path + query.ToQueryString();
    }
}
