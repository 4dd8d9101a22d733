using System.Net;
using Zumodra.Companies;

namespace Zumodra.Tests.Companies;

[Collection(CompaniesCollection.Name)]
public sealed class when_changing_a_company(CompaniesApp app)
{
    [Fact]
    public async Task editing_replaces_the_profile_and_moves_updated_at_but_not_registered_at()
    {
        var registered = await app.RegisterCompany(CompanyScenarios.ACompany(CompanyScenarios.Unique("Before")));
        var before = (await app.BrowseCompany(registered.Id))!;
        var name = CompanyScenarios.Unique("After");

        var written = await app.EditCompany(registered.Id, new CompanyForm(
            name, "Robotics", "Warehouse robots.", "http://after.example.org", "1000+", "Munich, Germany", 48.137, 11.575, null));

        written.ShouldBe(new Zumodra.BuildingBlocks.Written(registered.Id, 2));
        var item = (await app.BrowseCompany(registered.Id))!;
        item.Name.ShouldBe(name);
        item.Industry.ShouldBe("Robotics");
        item.Description.ShouldBe("Warehouse robots.");
        item.Website.ShouldBe("http://after.example.org");
        item.Size.ShouldBe("1000+");
        item.Location.ShouldBe("Munich, Germany");
        item.Latitude.ShouldBe(48.137);
        item.LogoUrl.ShouldBeNull();
        item.Version.ShouldBe(2);
        item.RegisteredAt.ShouldBe(before.RegisteredAt);
        item.UpdatedAt.ShouldBeGreaterThan(before.UpdatedAt);
    }

    [Fact]
    public async Task saving_an_unchanged_profile_appends_nothing()
    {
        var form = CompanyScenarios.ACompany(CompanyScenarios.Unique("Same"));
        var registered = await app.RegisterCompany(form);

        var written = await app.EditCompany(registered.Id, form);

        written.Version.ShouldBe(1);
        (await app.StreamVersion(registered.Id)).ShouldBe(1);
    }

    [Fact]
    public async Task verifying_marks_it_verified_once()
    {
        var registered = await app.RegisterCompany(CompanyScenarios.ACompany(CompanyScenarios.Unique("Verified")));

        (await app.CompanyAction(registered.Id, "verify")).Version.ShouldBe(2);
        var item = (await app.BrowseCompany(registered.Id))!;
        item.Verified.ShouldBeTrue();
        item.Version.ShouldBe(2);
        item.UpdatedAt.ShouldBeGreaterThan(item.RegisteredAt);

        (await app.CompanyAction(registered.Id, "verify")).Version.ShouldBe(2);
        (await app.StreamVersion(registered.Id)).ShouldBe(2);
    }

    [Fact]
    public async Task verification_survives_an_edit()
    {
        var registered = await app.RegisterCompany(CompanyScenarios.ACompany(CompanyScenarios.Unique("Kept")));
        await app.CompanyAction(registered.Id, "verify");

        await app.EditCompany(registered.Id, CompanyScenarios.ACompany(CompanyScenarios.Unique("StillVerified")));

        (await app.BrowseCompany(registered.Id))!.Verified.ShouldBeTrue();
    }

    [Fact]
    public async Task a_deleted_company_is_gone_from_browsing_and_answers_404_to_everything()
    {
        var name = CompanyScenarios.Unique("Deleted");
        var registered = await app.RegisterCompany(CompanyScenarios.ACompany(name));

        (await app.CompanyAction(registered.Id, "delete")).Version.ShouldBe(2);

        (await app.BrowseCompany(registered.Id)).ShouldBeNull();
        (await app.BrowseCompanies($"search={name}")).Total.ShouldBe(0);
        foreach (var write in Writes(registered.Id))
        {
            var result = await app.Host.Scenario(s =>
            {
                write(s);
                s.WithBearerToken(app.AdminToken);
                s.StatusCodeShouldBe(HttpStatusCode.NotFound);
            });
            result.Context.Response.ContentType.ShouldBe("application/problem+json");
        }
        (await app.StreamVersion(registered.Id)).ShouldBe(2);
    }

    [Fact]
    public async Task writes_to_unknown_ids_are_404()
    {
        foreach (var write in Writes(Guid.NewGuid()))
            await app.Host.Scenario(s =>
            {
                write(s);
                s.WithBearerToken(app.AdminToken);
                s.StatusCodeShouldBe(HttpStatusCode.NotFound);
            });
    }

    private static IEnumerable<Action<Scenario>> Writes(Guid id) =>
    [
        s => s.Put.Json(CompanyScenarios.ACompany()).ToUrl($"/api/companies/{id}"),
        s => s.Post.Url($"/api/companies/{id}/verify"),
        s => s.Delete.Url($"/api/companies/{id}"),
    ];
}
