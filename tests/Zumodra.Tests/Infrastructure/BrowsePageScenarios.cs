using System.Globalization;
using System.Text.RegularExpressions;

namespace Zumodra.Tests.Infrastructure;

public static partial class BrowsePageScenarios
{
    /// <summary>The total a list page (<c>/companies?…</c>, <c>/projects?…</c>) shows in its header.</summary>
    public static async Task<long> ListedTotal(this AppFixture app, string url)
    {
        var html = await (await app.Host.Scenario(s => s.Get.Url(url))).ReadAsTextAsync();
        var count = DataCount().Match(html);
        count.Success.ShouldBeTrue($"no count in {url}");
        return long.Parse(count.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.GetCultureInfo("en-GB"));
    }

    [GeneratedRegex(@"<strong data-count>([\d,]+)</strong>")]
    private static partial Regex DataCount();
}
