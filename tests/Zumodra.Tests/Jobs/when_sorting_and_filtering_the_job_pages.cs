using System.Net;
using System.Text.RegularExpressions;

namespace Zumodra.Tests.Jobs;

/// <summary>
/// The job pages honour the API's sort, show it and every filter in force (a control each, and a chip linking to the
/// page without it), and refuse a sort the API refuses.
/// </summary>
[Collection(JobsCollection.Name)]
public sealed partial class when_sorting_and_filtering_the_job_pages(JobsApp app)
{
    private async Task<string> Page(string url, int status = 200) =>
        WebUtility.HtmlDecode(await (await app.Send(status, s => s.Get.Url(url))).ReadAsTextAsync());

    [Fact]
    public async Task a_page_sorted_by_salary_lists_the_best_paid_first_and_those_without_a_salary_last()
    {
        var tag = JobScenarios.NewTag();
        var low = await app.PostJob(JobScenarios.ATaggedJob(tag, "Low Paid") with { SalaryMin = 40_000, SalaryMax = 50_000 });
        var none = await app.PostJob(JobScenarios.ATaggedJob(tag, "Unstated") with { SalaryMin = null, SalaryMax = null, Currency = null });
        var high = await app.PostJob(JobScenarios.ATaggedJob(tag, "High Paid") with { SalaryMin = 120_000, SalaryMax = 150_000 });

        var sorted = await Page($"/jobs?search={tag}&sort=salary");
        var newest = await Page($"/jobs?search={tag}");

        Cards(sorted).ShouldBe([high.Id, low.Id, none.Id]);
        Cards(newest).ShouldBe([high.Id, none.Id, low.Id]);
        sorted.ShouldContain("<option value=\"salary\" selected=\"selected\">Highest salary</option>");
        // Live items enter by date only in the default sort: here the reconciliation with the sorted API places them.
        sorted.ShouldContain("\"orderField\":null");
        sorted.ShouldContain($"\"pageUrl\":\"/api/jobs?search={tag}\\u0026sort=salary\\u0026page=1\\u0026pageSize=20\"");
        newest.ShouldContain("\"orderField\":\"postedAt\"");
        // The list/map switch keeps the sort.
        sorted.ShouldContain($"href=\"/jobs/map?search={tag}&sort=salary\"");
    }

    [Fact]
    public async Task a_sort_the_api_refuses_is_a_400_naming_it()
    {
        var html = await Page("/jobs?sort=cheapest", 400);

        html.ShouldContain("'sort' must be one of: newest, salary.");
    }

    [Fact]
    public async Task each_filter_in_force_has_a_chip_that_links_to_the_page_without_it()
    {
        var tag = JobScenarios.NewTag();
        await app.PostJob(JobScenarios.ATaggedJob(tag));

        var html = await Page($"/jobs?search={tag}&type=full_time,contract&remote=false&sort=salary&pageSize=5");

        Chips(html).ShouldBe(
        [
            ($"Search: {tag}", "/jobs?type=full_time,contract&remote=false&sort=salary&pageSize=5"),
            ("Job type: Full-time", $"/jobs?search={tag}&type=contract&remote=false&sort=salary&pageSize=5"),
            ("Job type: Contract", $"/jobs?search={tag}&type=full_time&remote=false&sort=salary&pageSize=5"),
            ("Workplace: On-site", $"/jobs?search={tag}&type=full_time,contract&sort=salary&pageSize=5"),
        ]);
        html.ShouldContain("<a class=\"chip chip--clear\" href=\"/jobs?sort=salary\">Clear all</a>");
        html.ShouldMatch("<option value=\"false\" selected=\"selected\" data-label=\"On-site\">On-site \\([0-9]+\\)</option>");
        html.ShouldContain("<input type=\"hidden\" name=\"pageSize\" value=\"5\">");
        html.ShouldContain("<span class=\"badge\">4<span class=\"visually-hidden\"> active</span></span>");
    }

    [Fact]
    public async Task without_filters_there_are_no_chips()
    {
        var html = await Page("/jobs");

        Chips(html).ShouldBeEmpty();
        html.ShouldNotContain("class=\"badge\"");
    }

    /// <summary>The cards of the results, in order (not the blank card of the template for live items).</summary>
    private static List<Guid> Cards(string html) =>
        [.. CardId().Matches(html[html.IndexOf("data-results", StringComparison.Ordinal)..html.IndexOf("data-card-template", StringComparison.Ordinal)])
            .Select(m => Guid.Parse(m.Groups[1].Value))];

    private static List<(string Text, string Href)> Chips(string html) =>
        [.. Chip().Matches(html).Select(m => (m.Groups[2].Value, m.Groups[1].Value))];

    [GeneratedRegex("""<li class="card-item" data-id="([0-9a-f-]{36})"[^>]*data-order""")]
    private static partial Regex CardId();

    [GeneratedRegex("""<a class="chip" href="([^"]*)" data-chip>([^<]*)<""")]
    private static partial Regex Chip();
}
