using System.Globalization;
using System.Text.RegularExpressions;

namespace Zumodra.Tests.Infrastructure;

public static partial class BrowsePageScenarios
{
    /// <summary>The total a list page (<c>/companies?…</c>, <c>/projects?…</c>) shows in its header.</summary>
    /// <summary>The count a list page shows; a page past the last one is followed to where it redirects (the last).</summary>
    public static async Task<long> ListedTotal(this AppFixture app, string url)
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Get.Url(url);
            s.IgnoreStatusCode();
        });
        result.Context.Response.StatusCode.ShouldBeOneOf(200, 302);
        if (result.Context.Response.StatusCode == 302) return await app.ListedTotal(result.Context.Response.Headers.Location.ToString());
        var html = await result.ReadAsTextAsync();
        var count = DataCount().Match(html);
        count.Success.ShouldBeTrue($"no count in {url}");
        return long.Parse(count.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.GetCultureInfo("en-GB"));
    }

    [GeneratedRegex(@"<strong data-count>([\d,]+)</strong>")]
    private static partial Regex DataCount();
}
