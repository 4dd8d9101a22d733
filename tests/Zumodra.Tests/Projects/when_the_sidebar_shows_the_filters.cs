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
        html.ShouldContain($"<option value=\"{city}\">{city} ({count})</option>");
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
        html.ShouldContain($"<option value=\"{city}\" selected=\"selected\">{city}</option>");
        html.ShouldContain($"name=\"skill\" value=\"{skill}\" checked=\"checked\"");
        html.ShouldContain("name=\"skill\" value=\"Go\" checked=\"checked\"");
        html.ShouldContain("<option value=\"true\" selected=\"selected\">Remote</option>");
        html.ShouldContain("<span class=\"badge\">5<span class=\"visually-hidden\"> active</span></span>");
    }
}
