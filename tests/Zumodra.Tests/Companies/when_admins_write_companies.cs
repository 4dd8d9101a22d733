using System.Net;
using System.Text.Json;
using Zumodra.Companies;

namespace Zumodra.Tests.Companies;

/// <summary>Who may write, what a stale version gets, and what bad input gets: always a ProblemDetails, never a write.</summary>
[Collection(CompaniesCollection.Name)]
public sealed class when_admins_write_companies(CompaniesApp app)
{
    public static TheoryData<string> WriteNames => ["register", "edit", "verify", "delete", "upload logo", "remove logo"];

    private static Action<Scenario> Write(string name, Guid id) => name switch
    {
        "register" => s => s.Post.Json(CompanyScenarios.ACompany(CompanyScenarios.Unique("Auth"))).ToUrl("/api/companies"),
        "edit" => s => s.Put.Json(CompanyScenarios.ACompany(CompanyScenarios.Unique("Auth"))).ToUrl($"/api/companies/{id}"),
        "verify" => s => s.Post.Url($"/api/companies/{id}/verify"),
        "delete" => s => s.Delete.Url($"/api/companies/{id}"),
        "upload logo" => s => s.Put.ByteArray(LogoImages.Png).ToUrl($"/api/companies/{id}/logo"),
        "remove logo" => s => s.Delete.Url($"/api/companies/{id}/logo"),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory, MemberData(nameof(WriteNames))]
    public async Task without_a_token_it_is_401_and_nothing_is_written(string write)
    {
        var company = await app.RegisterCompany(CompanyScenarios.ACompany(CompanyScenarios.Unique("NoToken")));
        var registered = await app.RegisteredCompanies();

        await app.Host.Scenario(s =>
        {
            Write(write, company.Id)(s);
            s.StatusCodeShouldBe(HttpStatusCode.Unauthorized);
        });

        (await app.StreamVersion(company.Id)).ShouldBe(1);
        (await app.RegisteredCompanies()).ShouldBe(registered);
    }

    [Theory, MemberData(nameof(WriteNames))]
    public async Task with_another_role_it_is_403_and_nothing_is_written(string write)
    {
        var company = await app.RegisterCompany(CompanyScenarios.ACompany(CompanyScenarios.Unique("Visitor")));
        var registered = await app.RegisteredCompanies();

        await app.Host.Scenario(s =>
        {
            Write(write, company.Id)(s);
            s.WithBearerToken(app.VisitorToken);
            s.StatusCodeShouldBe(HttpStatusCode.Forbidden);
        });

        (await app.StreamVersion(company.Id)).ShouldBe(1);
        (await app.RegisteredCompanies()).ShouldBe(registered);
    }

    [Theory, MemberData(nameof(WriteNames))]
    public async Task as_admin_it_succeeds(string write)
    {
        var company = await app.RegisterCompany(CompanyScenarios.ACompany(CompanyScenarios.Unique("Admin")));

        await app.Host.Scenario(s =>
        {
            Write(write, company.Id)(s);
            s.WithBearerToken(app.AdminToken);
            s.StatusCodeShouldBe(write == "register" ? HttpStatusCode.Created : HttpStatusCode.OK);
        });
    }

    [Fact]
    public async Task a_stale_body_version_is_409_and_the_current_one_succeeds()
    {
        var company = await app.RegisterCompany(CompanyScenarios.ACompany(CompanyScenarios.Unique("Stale")));
        await app.CompanyAction(company.Id, "verify");

        var result = await app.Host.Scenario(s =>
        {
            s.Put.Json(CompanyScenarios.ACompany(CompanyScenarios.Unique("Lost")) with { Version = 1 }).ToUrl($"/api/companies/{company.Id}");
            s.WithBearerToken(app.AdminToken);
            s.StatusCodeShouldBe(HttpStatusCode.Conflict);
        });
        var problem = await result.ReadAsJsonAsync<JsonElement>();
        problem.GetProperty("currentVersion").GetInt64().ShouldBe(2);
        (await app.StreamVersion(company.Id)).ShouldBe(2);

        (await app.EditCompany(company.Id, CompanyScenarios.ACompany(CompanyScenarios.Unique("Won")) with { Version = 2 })).Version.ShouldBe(3);
    }

    [Theory, MemberData(nameof(WriteNames))]
    public async Task a_stale_if_match_is_409_for_every_write_on_an_existing_company(string write)
    {
        if (write == "register") return;
        var company = await app.RegisterCompany(CompanyScenarios.ACompany(CompanyScenarios.Unique("IfMatch")));
        await app.EditCompany(company.Id, CompanyScenarios.ACompany(CompanyScenarios.Unique("Moved")));

        await app.Host.Scenario(s =>
        {
            Write(write, company.Id)(s);
            s.WithBearerToken(app.AdminToken);
            s.WithRequestHeader("If-Match", "\"1\"");
            s.StatusCodeShouldBe(HttpStatusCode.Conflict);
        });
        (await app.StreamVersion(company.Id)).ShouldBe(2);

        await app.Host.Scenario(s =>
        {
            Write(write, company.Id)(s);
            s.WithBearerToken(app.AdminToken);
            s.WithRequestHeader("If-Match", "W/\"2\"");
            s.StatusCodeShouldBe(HttpStatusCode.OK);
        });
    }

    [Fact]
    public async Task a_malformed_if_match_is_400_naming_it()
    {
        var company = await app.RegisterCompany(CompanyScenarios.ACompany(CompanyScenarios.Unique("BadTag")));

        var result = await app.Host.Scenario(s =>
        {
            s.Post.Url($"/api/companies/{company.Id}/verify");
            s.WithBearerToken(app.AdminToken);
            s.WithRequestHeader("If-Match", "yesterday");
            s.StatusCodeShouldBe(HttpStatusCode.BadRequest);
        });
        (await result.ReadAsJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("If-Match", out _).ShouldBeTrue();
        (await app.StreamVersion(company.Id)).ShouldBe(1);
    }

    public static TheoryData<string, string> BadBodies => new()
    {
        { """{ "industry": "Software" }""", "name" },
        { """{ "name": "   " }""", "name" },
        { $$"""{ "name": "{{new string('n', 201)}}" }""", "name" },
        { $$"""{ "name": "Acme", "industry": "{{new string('i', 101)}}" }""", "industry" },
        { $$"""{ "name": "Acme", "location": "{{new string('l', 201)}}" }""", "location" },
        { """{ "name": "Acme", "website": "acme.example.com" }""", "website" },
        { """{ "name": "Acme", "website": "/about" }""", "website" },
        { """{ "name": "Acme", "website": "ftp://acme.example.com" }""", "website" },
        { """{ "name": "Acme", "logoUrl": "javascript:alert(1)" }""", "logoUrl" },
        { """{ "name": "Acme", "logoUrl": "file:///etc/passwd" }""", "logoUrl" },
        { """{ "name": "Acme", "size": "huge" }""", "size" },
        { """{ "name": "Acme", "latitude": 52.5 }""", "longitude" },
        { """{ "name": "Acme", "longitude": 13.4 }""", "latitude" },
        { """{ "name": "Acme", "latitude": 91, "longitude": 13.4 }""", "latitude" },
        { """{ "name": "Acme", "latitude": 52.5, "longitude": -181 }""", "longitude" },
        { """{ "name": "Acme", "version": -1 }""", "version" },
        { """{ "name": "Acme", "latitude": "north" , "longitude": 1 }""", "latitude" },
        { """{ "name": 42 }""", "name" },
        { """{ "name": "Acme", """, "$" },
        { "null", "$" },
    };

    [Theory, MemberData(nameof(BadBodies))]
    public async Task a_bad_registration_is_400_naming_the_field_and_nothing_is_written(string body, string field)
    {
        var registered = await app.RegisteredCompanies();

        var result = await app.Host.Scenario(s =>
        {
            s.Post.Text(body).ToUrl("/api/companies");
            s.WithRequestHeader("Content-Type", "application/json");
            s.WithBearerToken(app.AdminToken);
            s.StatusCodeShouldBe(HttpStatusCode.BadRequest);
        });

        result.Context.Response.ContentType.ShouldBe("application/problem+json");
        var errors = (await result.ReadAsJsonAsync<JsonElement>()).GetProperty("errors");
        errors.TryGetProperty(field, out _).ShouldBeTrue($"errors should name '{field}': {errors}");
        (await app.RegisteredCompanies()).ShouldBe(registered);
    }

    [Theory, MemberData(nameof(BadBodies))]
    public async Task a_bad_edit_is_400_naming_the_field_and_nothing_is_written(string body, string field)
    {
        var company = await app.RegisterCompany(CompanyScenarios.ACompany(CompanyScenarios.Unique("BadEdit")));

        var result = await app.Host.Scenario(s =>
        {
            s.Put.Text(body).ToUrl($"/api/companies/{company.Id}");
            s.WithRequestHeader("Content-Type", "application/json");
            s.WithBearerToken(app.AdminToken);
            s.StatusCodeShouldBe(HttpStatusCode.BadRequest);
        });

        var errors = (await result.ReadAsJsonAsync<JsonElement>()).GetProperty("errors");
        errors.TryGetProperty(field, out _).ShouldBeTrue($"errors should name '{field}': {errors}");
        (await app.StreamVersion(company.Id)).ShouldBe(1);
    }

    [Fact]
    public async Task every_bad_field_is_named_at_once()
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Post.Json(new CompanyForm("", Website: "nope", Size: "big", LogoUrl: "nope", Latitude: 100)).ToUrl("/api/companies");
            s.WithBearerToken(app.AdminToken);
            s.StatusCodeShouldBe(HttpStatusCode.BadRequest);
        });

        var errors = (await result.ReadAsJsonAsync<JsonElement>()).GetProperty("errors");
        errors.EnumerateObject().Select(x => x.Name).Order().ShouldBe(["latitude", "logoUrl", "longitude", "name", "size", "website"]);
    }
}
