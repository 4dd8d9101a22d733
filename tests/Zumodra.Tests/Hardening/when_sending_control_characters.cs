using System.Text.Json.Nodes;
using Zumodra.Tests.Jobs;

namespace Zumodra.Tests.Hardening;

/// <summary>
/// NUL, control and bidirectional-override characters in any query parameter or JSON string: a 400 naming the parameter
/// or field (pages show their usual error text), never a 500, and nothing in the event store (no tombstone either).
/// </summary>
[Collection(HardeningCollection.Name)]
public sealed class when_sending_control_characters(HardeningApp app)
{
    /// <summary>NUL, ESC, BEL and RIGHT-TO-LEFT OVERRIDE.</summary>
    private static readonly string[] Bad = ["\u0000", "\u001B", "\u0007", "\u202E"];

    public static TheoryData<string, string> QueryParameters => new()
    {
        { "/api/jobs", "search" }, { "/api/jobs", "location" }, { "/api/jobs", "category" }, { "/api/jobs", "type" },
        { "/api/jobs", "remote" }, { "/api/jobs", "sort" }, { "/api/jobs", "page" },
        { "/api/jobs/map", "search" }, { "/api/jobs/map", "location" }, { "/api/jobs/map", "bbox" },
        { "/api/companies", "search" }, { "/api/companies", "location" }, { "/api/companies", "industry" },
        { "/api/companies/map", "industry" },
        { "/api/projects", "search" }, { "/api/projects", "location" }, { "/api/projects", "category" },
        { "/api/projects", "skill" }, { "/api/projects", "budgetMin" }, { "/api/projects/map", "skill" },
        { "/api/admin/events", "type" }, { "/api/admin/events", "from" }, { "/api/admin/events", "to" },
        { "/api/admin/events", "after" }, { "/api/admin/events", "limit" },
    };

    [Theory]
    [MemberData(nameof(QueryParameters))]
    public async Task a_query_parameter_with_a_control_character_is_a_400_naming_it(string path, string parameter)
    {
        foreach (var bad in Bad)
        {
            var result = await app.Refused(400, s => s.Get.Url($"{path}?{parameter}={Uri.EscapeDataString($"a{bad}b")}"));
            (await result.ReadProblem()).ErrorFields.ShouldBe([parameter]);
        }
    }

    [Theory]
    [InlineData("version")]
    [InlineData("asOf")]
    public async Task a_time_travel_parameter_with_a_control_character_is_a_400_naming_it(string parameter)
    {
        var id = await app.Create("jobs");
        foreach (var url in new[] { $"/api/jobs/{id}", $"/api/admin/items/{id}" })
        foreach (var bad in Bad)
        {
            var result = await app.Refused(400, s => s.Get.Url($"{url}?{parameter}={Uri.EscapeDataString($"1{bad}")}"));
            (await result.ReadProblem()).ErrorFields.ShouldBe([parameter]);
        }
    }

    [Fact]
    public async Task a_projection_name_with_a_control_character_is_not_found()
    {
        // A NUL never reaches routing: Kestrel refuses a path that decodes to one (and the in-memory server cannot carry it).
        foreach (var bad in Bad.Skip(1).Select(Uri.EscapeDataString))
        {
            await app.Refused(404, s => s.Get.Url($"/api/admin/projections/Job{bad}BrowseItem/rebuild"));
            await app.Refused(404, s => s.Post.Url($"/api/admin/projections/Job{bad}BrowseItem/rebuild"));
        }
    }

    public static TheoryData<string> Pages => new()
    {
        "/jobs?search=", "/jobs?location=", "/jobs?category=", "/jobs?type=", "/jobs/map?location=",
        "/companies?industry=", "/companies?location=", "/companies/map?search=",
        "/projects?skill=", "/projects?category=", "/projects/map?location=",
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task a_page_shows_its_error_text_for_a_control_character(string url)
    {
        foreach (var bad in Bad)
        {
            var result = await app.Refused(400, s => s.Get.Url(url + Uri.EscapeDataString($"a{bad}b")), asAdmin: false);
            (await result.ReadAsTextAsync()).ShouldContain("must not contain control");
        }
    }

    [Theory]
    [InlineData("q")]
    [InlineData("started")]
    public async Task the_admin_page_shows_its_error_text_for_a_control_character(string parameter)
    {
        foreach (var bad in Bad)
        {
            var result = await app.Refused(400, s => s.Get.Url($"/admin?{parameter}={Uri.EscapeDataString($"a{bad}b")}"));
            (await result.ReadAsTextAsync()).ShouldContain("must not contain control");
        }
    }

    public static TheoryData<string, string> StringFields => new()
    {
        { "jobs", "title" }, { "jobs", "description" }, { "jobs", "companyId" }, { "jobs", "companyName" },
        { "jobs", "location" }, { "jobs", "category" }, { "jobs", "jobType" }, { "jobs", "currency" },
        { "companies", "name" }, { "companies", "industry" }, { "companies", "description" }, { "companies", "website" },
        { "companies", "size" }, { "companies", "location" }, { "companies", "logoUrl" },
        { "projects", "title" }, { "projects", "description" }, { "projects", "companyId" }, { "projects", "companyName" },
        { "projects", "category" }, { "projects", "skills" }, { "projects", "currency" }, { "projects", "location" },
        { "projects", "deadline" },
    };

    /// <summary>The field's valid value with <paramref name="bad"/> in the middle (for skills: in one of the skills).</summary>
    private static JsonObject Spoiled(string module, string field, string bad)
    {
        var body = Bodies.Of(module);
        if (field == "skills") body[field] = new JsonArray("C#", $"Post{bad}greSQL");
        else
        {
            var value = body[field]!.GetValue<string>();
            body[field] = value[..(value.Length / 2)] + bad + value[(value.Length / 2)..];
        }
        return body;
    }

    [Theory]
    [MemberData(nameof(StringFields))]
    public async Task a_posted_string_with_a_control_character_is_a_400_naming_the_field_and_writes_nothing(string module, string field)
    {
        foreach (var bad in Bad)
        {
            var result = await app.Refused(400, s => s.Post.Json(Spoiled(module, field, bad)).ToUrl($"/api/{module}"));
            (await result.ReadProblem()).ErrorFields.ShouldBe([field]);
        }
    }

    [Theory]
    [MemberData(nameof(StringFields))]
    public async Task a_put_string_with_a_control_character_is_a_400_naming_the_field_and_writes_nothing(string module, string field)
    {
        var id = await app.Create(module);
        foreach (var bad in Bad)
        {
            var result = await app.Refused(400, s => s.Put.Json(Spoiled(module, field, bad)).ToUrl($"/api/{module}/{id}"));
            (await result.ReadProblem()).ErrorFields.ShouldBe([field]);
        }
    }

    [Fact]
    public async Task an_award_naming_someone_with_a_control_character_is_a_400_and_writes_nothing()
    {
        var id = await app.Create("projects");
        foreach (var bad in Bad)
        {
            var result = await app.Refused(400, s => s.Post.Json(new { awardedTo = $"Ada{bad}Lovelace" }).ToUrl($"/api/projects/{id}/award"));
            (await result.ReadProblem()).ErrorFields.ShouldBe(["awardedTo"]);
        }
    }

    [Theory]
    [InlineData("jobs", "title")]
    [InlineData("companies", "name")]
    [InlineData("projects", "title")]
    public async Task newlines_and_tabs_are_kept_in_descriptions_but_refused_in_titles(string module, string titleField)
    {
        var body = Bodies.Of(module);
        body["description"] = "First line.\n\tIndented second line.\r\nThird.";
        await app.SendAsAdmin(201, s => s.Post.Json(body).ToUrl($"/api/{module}"));

        foreach (var bad in new[] { "\n", "\t", "\r" })
        {
            var spoiled = Bodies.Of(module);
            spoiled[titleField] = $"Two{bad}lines";
            var result = await app.Refused(400, s => s.Post.Json(spoiled).ToUrl($"/api/{module}"));
            (await result.ReadProblem()).ErrorFields.ShouldBe([titleField]);
        }
    }

    [Fact]
    public async Task a_lone_surrogate_in_a_body_is_a_400_not_a_500()
    {
        foreach (var module in new[] { "jobs", "companies", "projects" })
        {
            var field = module == "companies" ? "name" : "title";
            var body = Bodies.Of(module).ToJsonString().Replace($"\"{field}\":\"", $"\"{field}\":\"\\ud800", StringComparison.Ordinal);
            await app.Refused(400, s => s.Post.RawJson(body).ToUrl($"/api/{module}"));
        }
    }
}
