using System.Text.Json;
using System.Text.RegularExpressions;
using Zumodra.Tests.Infrastructure;

namespace Zumodra.Tests.Projects;

/// <summary>
/// The projects pages draw their sidebar from the module's registration alone: its fields in order, the facets as
/// choices, and whatever the request asked for shown as chosen, also when no facet lists it.
/// </summary>
[Collection(ProjectsCollection.Name)]
public sealed class when_the_sidebar_shows_the_filters(ProjectsApp app)
{
    private async Task<string> Page(string url) => await (await app.Host.Scenario(s => s.Get.Url(url))).ReadAsTextAsync();

    [Fact]
    public async Task its_fields_come_in_the_registered_order_with_the_facets_as_choices()
    {
        await app.PublishProject(ProjectScenarios.AProject() with { Location = ProjectScenarios.Unique("City") });
        var facets = await (await app.Host.Scenario(s => s.Get.Url("/api/projects/facets"))).ReadAsJsonAsync<JsonElement>();
        var (city, count) = facets.GetProperty("locations").EnumerateArray()
            .Select(x => (x.GetProperty("value").GetString(), x.GetProperty("count").GetInt32())).First();

        var html = await Page("/projects");

        var fields = Regex.Matches(html, @"name=""(search|location|category|skill|remote)""").Select(m => m.Groups[1].Value).Distinct();
        fields.ShouldBe(["search", "location", "category", "skill", "remote"]);
        html.ShouldContain("<label for=\"filter-search\">Search projects</label>");
        html.ShouldContain($"<option value=\"{city}\" data-label=\"{city}\">{city} ({count})</option>");
        html.ShouldNotContain("checked");
    }

    [Fact]
    public async Task what_the_request_asked_for_is_shown_chosen_and_counted_on_the_filters_button()
    {
        var city = ProjectScenarios.Unique("City");
        var skill = ProjectScenarios.Unique("Skill");

        var html = await Page($"/projects/map?search=rust&location={city}&skill={skill},Go&remote=on");

        html.ShouldContain("action=\"/projects/map\"");
        html.ShouldMatch("name=\"search\" form=\"filters-form\" value=\"rust\"");
        html.ShouldContain($"<option value=\"{city}\" selected=\"selected\" data-label=\"{city}\">{city}</option>");
        html.ShouldContain($"name=\"skill\" value=\"{skill}\" checked=\"checked\"");
        html.ShouldContain("name=\"skill\" value=\"Go\" checked=\"checked\"");
        // Nothing matches the other filters (a city no project has), so no project is remote either.
        html.ShouldContain("<option value=\"true\" selected=\"selected\" data-label=\"Remote\">Remote (0)</option>");
        html.ShouldContain("<span class=\"badge\">5<span class=\"visually-hidden\"> active</span></span>");
    }

    [Fact]
    public async Task every_skill_is_offered_with_its_count_the_less_common_ones_behind_more()
    {
        var word = ProjectScenarios.Unique("zq").ToLowerInvariant();
        var skills = Enumerable.Range(1, 10).Select(i => $"Skill{i}{word}").ToArray();
        await app.PublishProject(ProjectScenarios.AProject($"Build a garden {word}", skills: skills));
        await app.PublishProject(ProjectScenarios.AProject($"Build a shed {word}", skills: skills[..8]));

        var html = await Page($"/projects?search={word}&skill={skills[9]}");

        var more = Regex.Match(html, "<details class=\"field__more\">(.*?)</details>", RegexOptions.Singleline);
        more.Success.ShouldBeTrue();
        more.Value.ShouldContain("<summary>1 more</summary>");
        // The ticked skill stays in sight; the one other skill of one project is behind "more", with its count.
        more.Value.ShouldContain($"value=\"{skills[8]}\"");
        more.Value.ShouldContain($"<span class=\"check__count\" data-facet-count=\"{skills[8]}\">(1)</span>");
        html.ShouldContain($"<span class=\"check__count\" data-facet-count=\"{skills[0]}\">(2)</span>");
        html.ShouldMatch($"value=\"{skills[9]}\" checked=\"checked\">\\s*<span>{skills[9]}</span>\\s*<span class=\"check__count\" data-facet-count=\"{skills[9]}\">\\(1\\)</span>");
        html.IndexOf($"value=\"{skills[9]}\"").ShouldBeLessThan(more.Index);
    }
}
