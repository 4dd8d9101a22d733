using System.Net;
using System.Text.Json;
using Marten;
using Npgsql;
using Zumodra.Companies;
using Zumodra.Companies.Browsing;
using Zumodra.Tests.Infrastructure;

namespace Zumodra.Tests.Companies;

[Collection(CompaniesCollection.Name)]
public sealed class when_browsing_companies(CompaniesApp app)
{
    /// <summary>Registers companies that share an industry no other test uses, and returns that industry.</summary>
    private async Task<(string Industry, Guid[] Ids)> ThreeCompanies()
    {
        var industry = CompanyScenarios.Unique("Industry");
        var ids = new List<Guid>();
        foreach (var (name, city, lat, lon) in new[]
                 {
                     ("Bravo Robots", "Paris, France", 48.857, 2.352),
                     ("alpha Analytics", "Berlin, Germany", 52.52, 13.405),
                     ("Charlie Cloud", "Berlin, Germany", 52.53, 13.41),
                 })
            ids.Add((await app.RegisterCompany(new CompanyForm(name, industry, $"{name} builds things.", Location: city, Latitude: lat, Longitude: lon))).Id);
        return (industry, [.. ids]);
    }

    [Fact]
    public async Task filters_match_whole_values_ignoring_case_and_sort_newest_first_by_default()
    {
        var (industry, ids) = await ThreeCompanies();

        var all = await app.BrowseCompanies($"industry={industry.ToUpperInvariant()}");
        all.Total.ShouldBe(3);
        all.Items.Select(x => x.Id).ShouldBe(Enumerable.Reverse(ids));

        var berlin = await app.BrowseCompanies($"industry={industry}&location=berlin,%20germany");
        berlin.Items.Select(x => x.Id).ShouldBe([ids[2], ids[1]]);
        (await app.BrowseCompanies($"industry={industry}&location=Berlin")).Total.ShouldBe(0);
    }

    [Fact]
    public async Task sorting_by_name_and_paging()
    {
        var (industry, ids) = await ThreeCompanies();

        var byName = await app.BrowseCompanies($"industry={industry}&sort=name");
        byName.Items.Select(x => x.Name).ShouldBe(["alpha Analytics", "Bravo Robots", "Charlie Cloud"]);

        var second = await app.BrowseCompanies($"industry={industry}&sort=name&page=2&pageSize=2");
        second.Total.ShouldBe(3);
        second.Page.ShouldBe(2);
        second.PageSize.ShouldBe(2);
        second.Items.Select(x => x.Id).ShouldBe([ids[2]]);

        var beyond = await app.BrowseCompanies($"industry={industry}&sort=name&page=5&pageSize=2");
        beyond.Items.ShouldBeEmpty();
        beyond.Total.ShouldBe(3);
    }

    [Theory]
    [InlineData(1, 2, 2)] // a full page: counted on its own
    [InlineData(2, 2, 1)] // a short last page
    [InlineData(3, 1, 1)] // a full last page
    [InlineData(5, 2, 0)] // past the end
    public async Task every_page_reports_the_exact_total_in_the_api_and_the_list_page(int page, int pageSize, int count)
    {
        var (industry, _) = await ThreeCompanies();
        var query = $"industry={industry}&page={page}&pageSize={pageSize}";

        var browsed = await app.BrowseCompanies(query);
        (browsed.Items.Count, browsed.Total, browsed.Page, browsed.PageSize).ShouldBe((count, 3, page, pageSize));
        (await app.ListedTotal($"/companies?{query}")).ShouldBe(3);
        (await app.BrowseCompanies($"industry={industry}x")).Total.ShouldBe(0);
        (await app.ListedTotal($"/companies?industry={industry}x")).ShouldBe(0);
    }

    [Fact]
    public async Task sorting_by_open_jobs_puts_the_busiest_company_first()
    {
        var (industry, ids) = await ThreeCompanies();
        await app.PostJobAndWait(CompanyScenarios.AJobAt(ids[2], "Charlie Cloud"));
        await app.PostJobAndWait(CompanyScenarios.AJobAt(ids[2], "Charlie Cloud"));
        await app.PostJobAndWait(CompanyScenarios.AJobAt(ids[0], "Bravo Robots"));

        var page = await app.BrowseCompanies($"industry={industry}&sort=open_jobs");

        page.Items.Select(x => (x.Id, x.OpenJobs)).ShouldBe([(ids[2], 2), (ids[0], 1), (ids[1], 0)]);
    }

    [Fact]
    public async Task search_is_full_text_over_name_and_description_with_english_stemming()
    {
        var word = CompanyScenarios.Unique("zeta").ToLowerInvariant();
        var byName = await app.RegisterCompany(new CompanyForm($"{word} Robotics", Description: "Warehouse automation."));
        var byDescription = await app.RegisterCompany(new CompanyForm("Other Name", Description: $"We build {word} robots for farms."));
        await app.RegisterCompany(new CompanyForm("Unrelated", Description: "Robots, but not that word."));

        (await app.BrowseCompanies($"search={word}")).Items.Select(x => x.Id).Order().ShouldBe(new[] { byName.Id, byDescription.Id }.Order());
        (await app.BrowseCompanies($"search={word}%20robot")).Items.Select(x => x.Id).Order().ShouldBe(new[] { byName.Id, byDescription.Id }.Order());
        (await app.BrowseCompanies($"search={word}%20farming")).Items.Select(x => x.Id).ShouldBe([byDescription.Id]);
    }

    [Fact]
    public async Task search_uses_the_full_text_index()
    {
        await app.RegisterCompany(new CompanyForm("Indexed Robotics", Description: "Robots."));
        var store = app.Host.DocumentStore();
        var table = store.Options.FindOrResolveDocumentType(typeof(CompanyBrowseItem)).TableName.QualifiedName;

        await using var connection = new NpgsqlConnection(app.Database.ConnectionString);
        await connection.OpenAsync();
        await using (var off = new NpgsqlCommand("set enable_seqscan = off", connection)) await off.ExecuteNonQueryAsync();
        var sql = CompanyFilters.SearchSql.Replace("^", "'robot'");
        await using var explain = new NpgsqlCommand($"explain select d.data from {table} as d where {sql}", connection);
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
            while (await reader.ReadAsync()) plan.Add(reader.GetString(0));

        string.Join('\n', plan).ShouldContain("idx_fts", customMessage: string.Join('\n', plan));
    }

    [Fact]
    public async Task bad_query_parameters_are_400_naming_them()
    {
        foreach (var (query, field) in new[]
                 {
                     ("sort=salary", "sort"), ("page=0", "page"), ("pageSize=101", "pageSize"), ("pageSize=ten", "pageSize"),
                     ($"search={new string('s', 201)}", "search"), ("location=a&location=b", "location"),
                 })
        {
            var result = await app.Host.Scenario(s =>
            {
                s.Get.Url($"/api/companies?{query}");
                s.StatusCodeShouldBe(HttpStatusCode.BadRequest);
            });
            (await result.ReadAsJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue(query);
        }
    }

    [Fact]
    public async Task the_map_is_geojson_of_companies_with_coordinates_inside_the_bbox()
    {
        var (industry, ids) = await ThreeCompanies();
        await app.RegisterCompany(new CompanyForm("Nowhere Ltd", industry));

        var result = await app.Host.Scenario(s => s.Get.Url($"/api/companies/map?industry={industry}&bbox=13,52,14,53"));
        var map = await result.ReadAsJsonAsync<JsonElement>();

        map.GetProperty("type").GetString().ShouldBe("FeatureCollection");
        var features = map.GetProperty("features").EnumerateArray().ToList();
        features.Select(x => x.GetProperty("id").GetGuid()).Order().ShouldBe(new[] { ids[1], ids[2] }.Order());
        var charlie = features.Single(x => x.GetProperty("id").GetGuid() == ids[2]);
        charlie.GetProperty("type").GetString().ShouldBe("Feature");
        charlie.GetProperty("geometry").GetProperty("type").GetString().ShouldBe("Point");
        charlie.GetProperty("geometry").GetProperty("coordinates").EnumerateArray().Select(x => x.GetDouble()).ShouldBe([13.41, 52.53]);
        var properties = charlie.GetProperty("properties");
        properties.GetProperty("name").GetString().ShouldBe("Charlie Cloud");
        properties.GetProperty("industry").GetString().ShouldBe(industry);
        properties.GetProperty("openJobs").GetInt32().ShouldBe(0);
        properties.GetProperty("verified").GetBoolean().ShouldBeFalse();

        var everywhere = await (await app.Host.Scenario(s => s.Get.Url($"/api/companies/map?industry={industry}"))).ReadAsJsonAsync<JsonElement>();
        everywhere.GetProperty("features").GetArrayLength().ShouldBe(3);

        await app.Host.Scenario(s =>
        {
            s.Get.Url("/api/companies/map?bbox=14,52,13,53");
            s.StatusCodeShouldBe(HttpStatusCode.BadRequest);
        });
    }

    [Fact]
    public async Task facets_count_companies_per_location_and_industry()
    {
        var (industry, _) = await ThreeCompanies();

        var facets = await (await app.Host.Scenario(s => s.Get.Url("/api/companies/facets"))).ReadAsJsonAsync<JsonElement>();

        facets.GetProperty("industries").EnumerateArray()
            .Single(x => x.GetProperty("value").GetString() == industry).GetProperty("count").GetInt32().ShouldBe(3);
        facets.GetProperty("locations").EnumerateArray()
            .Single(x => x.GetProperty("value").GetString() == "Berlin, Germany").GetProperty("count").GetInt32().ShouldBeGreaterThanOrEqualTo(2);
    }
}
