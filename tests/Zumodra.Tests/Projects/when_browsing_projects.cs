using System.Net;
using System.Text.Json;
using Npgsql;
using Zumodra.Projects;
using Zumodra.Projects.Browsing;
using Zumodra.Tests.Infrastructure;

namespace Zumodra.Tests.Projects;

[Collection(ProjectsCollection.Name)]
public sealed class when_browsing_projects(ProjectsApp app)
{
    /// <summary>Publishes projects in a category of their own, so that a test's filters see only its projects.</summary>
    private async Task<(string Category, Guid[] Ids)> Publish(params Func<ProjectForm, ProjectForm>[] variations)
    {
        var category = ProjectScenarios.Unique("cat");
        var ids = new List<Guid>();
        foreach (var vary in variations)
            ids.Add((await app.PublishProject(vary(ProjectScenarios.AProject(category: category)))).Id);
        return (category, [.. ids]);
    }

    private async Task<Guid[]> Ids(string query) => [.. (await app.BrowseProjects(query)).Items.Select(x => x.Id)];

    [Fact]
    public async Task search_is_english_full_text_over_title_and_description()
    {
        var (category, ids) = await Publish(
            p => p with { Title = "Designing a brand identity", Description = "Logo and colours." },
            p => p with { Title = "Data pipeline", Description = "Nightly loads from PostgreSQL into a warehouse." },
            p => p with { Title = "Mobile app", Description = null });

        Task<Guid[]> Search(string search) => Ids($"category={category}&search={Uri.EscapeDataString(search)}");
        (await Search("design")).ShouldBe([ids[0]]);
        (await Search("loading warehouses")).ShouldBe([ids[1]]);
        (await Search("pipeline or app")).ShouldBe([ids[2], ids[1]]);
        (await Search("\"brand identity\" -logo")).ShouldBeEmpty();
        (await Search("brand identity")).ShouldBe([ids[0]]);
    }

    [Fact]
    public async Task location_and_category_match_whole_values_ignoring_case_and_remote_is_a_boolean()
    {
        var (category, ids) = await Publish(
            p => p with { Location = "Lisbon, Portugal", Remote = true },
            p => p with { Location = "Porto, Portugal", Remote = false },
            p => p with { Location = null, Remote = true });

        (await Ids($"category={category.ToUpperInvariant()}")).Length.ShouldBe(3);
        (await Ids($"category={category}&location={Uri.EscapeDataString("lisbon, PORTUGAL")}")).ShouldBe([ids[0]]);
        (await Ids($"category={category}&location=Portugal")).ShouldBeEmpty();
        (await Ids($"category={category}&remote=true")).ShouldBe([ids[2], ids[0]]);
        (await Ids($"category={category}&remote=false")).ShouldBe([ids[1]]);
    }

    [Fact]
    public async Task skill_may_repeat_and_matches_projects_with_any_of_them_ignoring_case()
    {
        var (category, ids) = await Publish(
            p => p with { Skills = ["C#", "PostgreSQL"] },
            p => p with { Skills = ["Go", "Kubernetes"] },
            p => p with { Skills = ["Figma"] },
            p => p with { Skills = [] });

        (await Ids($"category={category}&skill=c%23")).ShouldBe([ids[0]]);
        (await Ids($"category={category}&skill=postgresql&skill=GO")).ShouldBe([ids[1], ids[0]]);
        (await Ids($"category={category}&skill=figma,kubernetes")).ShouldBe([ids[2], ids[1]]);
        (await Ids($"category={category}&skill=Post")).ShouldBeEmpty();
    }

    [Fact]
    public async Task budget_filters_keep_projects_whose_budget_overlaps_the_range()
    {
        var (category, ids) = await Publish(
            p => p with { BudgetMin = 1000, BudgetMax = 3000 },
            p => p with { BudgetMin = 5000, BudgetMax = 9000 },
            p => p with { BudgetMin = 4000, BudgetMax = null },
            p => p with { BudgetMin = null, BudgetMax = 2000 },
            p => p with { BudgetMin = null, BudgetMax = null });

        (await Ids($"category={category}&budgetMin=2500")).ShouldBe([ids[2], ids[1], ids[0]]);
        (await Ids($"category={category}&budgetMax=1500")).ShouldBe([ids[0]]);
        (await Ids($"category={category}&budgetMin=3500&budgetMax=6000")).ShouldBe([ids[2], ids[1]]);
        (await Ids($"category={category}&budgetMin=2000&budgetMax=2000")).ShouldBe([ids[3], ids[0]]);
        (await Ids($"category={category}&budgetMin=0")).Length.ShouldBe(4);
    }

    [Fact]
    public async Task sorts_put_the_newest_the_largest_budget_or_the_soonest_deadline_first()
    {
        var soon = new DateTimeOffset(2026, 7, 1, 0, 0, 0, TimeSpan.Zero);
        var (category, ids) = await Publish(
            p => p with { BudgetMin = 100, BudgetMax = 500, Deadline = soon.AddDays(30) },
            p => p with { BudgetMin = null, BudgetMax = null, Deadline = soon },
            p => p with { BudgetMin = 1000, BudgetMax = 2000, Deadline = null },
            p => p with { BudgetMin = 100, BudgetMax = 500, Deadline = soon.AddDays(10) });

        (await Ids($"category={category}")).ShouldBe([ids[3], ids[2], ids[1], ids[0]]);
        (await Ids($"category={category}&sort=newest")).ShouldBe([ids[3], ids[2], ids[1], ids[0]]);
        (await Ids($"category={category}&sort=budget")).ShouldBe([ids[2], ids[3], ids[0], ids[1]]);
        (await Ids($"category={category}&sort=deadline")).ShouldBe([ids[1], ids[3], ids[0], ids[2]]);
    }

    [Fact]
    public async Task pages_report_the_total_and_stay_in_order()
    {
        var (category, ids) = await Publish(p => p, p => p, p => p, p => p, p => p);

        var first = await app.BrowseProjects($"category={category}&pageSize=2");
        var third = await app.BrowseProjects($"category={category}&pageSize=2&page=3");
        var beyond = await app.BrowseProjects($"category={category}&pageSize=2&page=4");

        first.Total.ShouldBe(5);
        first.Page.ShouldBe(1);
        first.PageSize.ShouldBe(2);
        first.Items.Select(x => x.Id).ShouldBe([ids[4], ids[3]]);
        third.Items.Select(x => x.Id).ShouldBe([ids[0]]);
        beyond.Items.ShouldBeEmpty();
        beyond.Total.ShouldBe(5);
        (await app.BrowseProjects($"category={category}")).PageSize.ShouldBe(20);
    }

    [Theory]
    [InlineData(1, 2, 2)] // a full page: counted on its own
    [InlineData(3, 2, 1)] // a short last page
    [InlineData(5, 1, 1)] // a full last page
    [InlineData(4, 2, 0)] // past the end
    public async Task every_page_reports_the_exact_total_in_the_api_and_the_list_page(int page, int pageSize, int count)
    {
        var (category, _) = await Publish(p => p, p => p, p => p, p => p, p => p);
        var query = $"category={category}&page={page}&pageSize={pageSize}";

        var browsed = await app.BrowseProjects(query);
        (browsed.Items.Count, browsed.Total, browsed.Page, browsed.PageSize).ShouldBe((count, 5, page, pageSize));
        (await app.ListedTotal($"/projects?{query}")).ShouldBe(5);
        (await app.BrowseProjects($"category={category}x")).Total.ShouldBe(0);
        (await app.ListedTotal($"/projects?category={category}x")).ShouldBe(0);
    }

    [Fact]
    public async Task the_json_uses_the_public_names()
    {
        var (category, _) = await Publish(p => p);

        var result = await app.Host.Scenario(s => s.Get.Url($"/api/projects?category={category}"));
        var page = await result.ReadAsJsonAsync<JsonElement>();

        page.EnumerateObject().Select(x => x.Name).ShouldBe(["items", "total", "page", "pageSize"]);
        page.GetProperty("items")[0].EnumerateObject().Select(x => x.Name).ShouldBe(
        [
            "id", "title", "description", "companyId", "companyName", "category", "skills", "budgetMin", "budgetMax", "currency",
            "location", "latitude", "longitude", "remote", "deadline", "contactUrl", "contactEmail", "publishedAt", "updatedAt", "version",
        ]);
    }

    public static TheoryData<string, string> BadQueries => new()
    {
        { "remote=maybe", "remote" },
        { "budgetMin=-1", "budgetMin" },
        { "budgetMax=lots", "budgetMax" },
        { "budgetMin=5000&budgetMax=100", "budgetMin" },
        { "sort=cheapest", "sort" },
        { "page=0", "page" },
        { "pageSize=101", "pageSize" },
        { "location=Berlin&location=Paris", "location" },
        { $"skill={new string('s', 51)}", "skill" },
        { "search=" + new string('w', 201), "search" },
    };

    [Theory, MemberData(nameof(BadQueries))]
    public async Task a_bad_query_parameter_is_a_400_naming_it(string query, string field)
    {
        var problem = await app.Problem(HttpStatusCode.BadRequest, s => s.Get.Url("/api/projects?" + query));

        problem.ErrorFields().ShouldContain(field);
        if (field is "sort" or "page" or "pageSize") return;
        // The map reads the same filters.
        (await app.Problem(HttpStatusCode.BadRequest, s => s.Get.Url("/api/projects/map?" + query))).ErrorFields().ShouldContain(field);
    }

    [Fact]
    public async Task an_unknown_project_is_a_404_problem()
    {
        var problem = await app.Problem(HttpStatusCode.NotFound, s => s.Get.Url($"/api/projects/{Guid.NewGuid()}"));

        problem.GetProperty("title").GetString().ShouldBe("Project not found");
    }

    [Fact]
    public async Task the_map_is_geojson_of_projects_with_coordinates_honouring_filters_and_bbox()
    {
        var (category, ids) = await Publish(
            p => p with { Location = "Berlin, Germany", Latitude = 52.52, Longitude = 13.405, Skills = ["Rust"] },
            p => p with { Location = "Paris, France", Latitude = 48.857, Longitude = 2.352, Skills = ["Rust"] },
            p => p with { Location = null, Latitude = null, Longitude = null, Skills = ["Rust"] },
            p => p with { Location = "Madrid, Spain", Latitude = 40.417, Longitude = -3.704, Skills = ["Go"] });

        var result = await app.Host.Scenario(s => s.Get.Url($"/api/projects/map?category={category}&skill=rust"));
        var map = await result.ReadAsJsonAsync<JsonElement>();

        map.GetProperty("type").GetString().ShouldBe("FeatureCollection");
        var features = map.GetProperty("features").EnumerateArray().ToList();
        features.Select(f => f.GetProperty("id").GetGuid()).ShouldBe([ids[1], ids[0]]);
        var berlin = features[1];
        berlin.GetProperty("type").GetString().ShouldBe("Feature");
        berlin.GetProperty("geometry").GetProperty("type").GetString().ShouldBe("Point");
        berlin.GetProperty("geometry").GetProperty("coordinates").EnumerateArray().Select(x => x.GetDouble()).ShouldBe([13.405, 52.52]);
        var properties = berlin.GetProperty("properties");
        properties.GetProperty("title").GetString().ShouldBe("Build a booking API");
        properties.GetProperty("budgetMax").GetDecimal().ShouldBe(8000);

        var inBox = await app.Host.Scenario(s => s.Get.Url($"/api/projects/map?category={category}&bbox=5,45,20,55"));
        (await inBox.ReadAsJsonAsync<JsonElement>()).GetProperty("features").EnumerateArray()
            .Select(f => f.GetProperty("id").GetGuid()).ShouldBe([ids[0]]);
        await app.Problem(HttpStatusCode.BadRequest, s => s.Get.Url("/api/projects/map?bbox=20,45,5,55"));
    }

    [Fact]
    public async Task facets_count_open_projects_by_location_category_and_skill_ignoring_case()
    {
        var rare = ProjectScenarios.Unique("Skill");
        var city = ProjectScenarios.Unique("City");
        var (category, ids) = await Publish(
            p => p with { Location = city, Skills = [rare, "C#"] },
            p => p with { Location = city.ToLowerInvariant(), Skills = [rare.ToLowerInvariant()] },
            p => p with { Location = city, Skills = [rare] },
            p => p with { Location = city, Skills = [rare] });
        await app.ProjectAction(ids[3], "close");

        var result = await app.Host.Scenario(s => s.Get.Url("/api/projects/facets"));
        var facets = await result.ReadAsJsonAsync<JsonElement>();

        int CountOf(string facet, string value) => facets.GetProperty(facet).EnumerateArray()
            .Where(x => x.GetProperty("value").GetString() == value).Select(x => x.GetProperty("count").GetInt32()).SingleOrDefault();
        CountOf("categories", category).ShouldBe(3);
        CountOf("locations", city).ShouldBe(3);
        CountOf("skills", rare).ShouldBe(3);
        CountOf("skills", rare.ToLowerInvariant()).ShouldBe(0);
        facets.GetProperty("skills")[0].GetProperty("count").GetInt32().ShouldBeGreaterThanOrEqualTo(3);
    }

    [Fact]
    public async Task search_and_skill_filters_can_use_their_indexes()
    {
        await app.PublishProject();
        await using var connection = new NpgsqlConnection(app.Database.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await new NpgsqlCommand("set local enable_seqscan = off", connection, transaction).ExecuteNonQueryAsync();

        async Task<string> Plan(string where)
        {
            await using var explain = new NpgsqlCommand($"explain select d.id from projects.mt_doc_projectbrowseitem as d where {where}", connection, transaction);
            var lines = new List<string>();
            await using var reader = await explain.ExecuteReaderAsync();
            while (await reader.ReadAsync()) lines.Add(reader.GetString(0));
            return string.Join('\n', lines);
        }

        (await Plan(ProjectFilters.SearchSql.Replace("^", "'design'"))).ShouldContain("mt_doc_projectbrowseitem_idx_fts");
        (await Plan(ProjectFilters.SkillSql.Replace("^", "array['c#', 'go']"))).ShouldContain("mt_doc_projectbrowseitem_idx_skills");
        (await Plan(ProjectFilters.LocationSql.Replace("^", "'berlin, germany'"))).ShouldContain("mt_doc_projectbrowseitem_idx_location");
    }
}
