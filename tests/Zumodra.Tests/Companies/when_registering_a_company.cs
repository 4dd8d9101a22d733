using System.Net;
using Zumodra.Companies;

namespace Zumodra.Tests.Companies;

[Collection(CompaniesCollection.Name)]
public sealed class when_registering_a_company(CompaniesApp app)
{
    [Fact]
    public async Task it_answers_201_with_its_location_and_is_browsable_at_once_with_every_field()
    {
        var name = CompanyScenarios.Unique("Registered");
        var result = await app.Host.Scenario(s =>
        {
            s.Post.Json(CompanyScenarios.ACompany(name)).ToUrl("/api/companies");
            s.WithBearerToken(app.AdminToken);
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        });
        var written = (await result.ReadAsJsonAsync<Zumodra.BuildingBlocks.Written>())!;

        written.Version.ShouldBe(1);
        result.Context.Response.Headers.Location.ToString().ShouldBe($"/api/companies/{written.Id}");
        var item = await app.BrowseCompany(written.Id);
        item.ShouldNotBeNull();
        item.Id.ShouldBe(written.Id);
        item.Name.ShouldBe(name);
        item.Industry.ShouldBe("Software");
        item.Description.ShouldBe("Developer tools and APIs for busy engineering teams.");
        item.Website.ShouldBe("https://acme.example.com");
        item.Size.ShouldBe("51-200");
        item.Location.ShouldBe("Berlin, Germany");
        item.Latitude.ShouldBe(52.52);
        item.Longitude.ShouldBe(13.405);
        item.LogoUrl.ShouldBe("https://acme.example.com/logo.png");
        item.Verified.ShouldBeFalse();
        item.OpenJobs.ShouldBe(0);
        item.Version.ShouldBe(1);
        item.UpdatedAt.ShouldBe(item.RegisteredAt);
    }

    [Fact]
    public async Task only_the_name_is_required_and_blank_optional_fields_are_stored_as_absent()
    {
        var name = CompanyScenarios.Unique("Minimal");
        var written = await app.RegisterCompany(new CompanyForm($"  {name}  ", Industry: " ", Website: "", Size: ""));

        var item = await app.BrowseCompany(written.Id);
        item.ShouldNotBeNull();
        item.Name.ShouldBe(name);
        item.Industry.ShouldBeNull();
        item.Website.ShouldBeNull();
        item.Size.ShouldBeNull();
        item.Latitude.ShouldBeNull();
    }

    [Fact]
    public async Task the_browse_item_is_served_with_camel_case_names_as_the_public_api_says()
    {
        var written = await app.RegisterCompany(CompanyScenarios.ACompany(CompanyScenarios.Unique("Json")));

        var result = await app.Host.Scenario(s => s.Get.Url($"/api/companies/{written.Id}"));
        var json = await result.ReadAsTextAsync();

        foreach (var field in new[] { "id", "name", "industry", "description", "website", "size", "location", "latitude", "longitude", "logoUrl", "verified", "openJobs", "registeredAt", "updatedAt", "version" })
            json.ShouldContain($"\"{field}\":");
    }

    [Fact]
    public async Task openapi_describes_the_companies_api()
    {
        var result = await app.Host.Scenario(s => s.Get.Url("/openapi/v1.json"));
        var paths = (await result.ReadAsJsonAsync<System.Text.Json.JsonElement>()).GetProperty("paths");

        foreach (var path in new[] { "/api/companies", "/api/companies/{id}", "/api/companies/{id}/verify", "/api/companies/map", "/api/companies/facets" })
            paths.TryGetProperty(path, out _).ShouldBeTrue(path);
    }

    [Fact]
    public async Task unknown_ids_are_404_problems()
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Get.Url($"/api/companies/{Guid.NewGuid()}");
            s.StatusCodeShouldBe(HttpStatusCode.NotFound);
        });
        result.Context.Response.ContentType.ShouldBe("application/problem+json");
    }
}
