using System.Net;
using Zumodra.Projects;

namespace Zumodra.Tests.Projects;

[Collection(ProjectsCollection.Name)]
public sealed class when_publishing_a_project(ProjectsApp app)
{
    [Fact]
    public async Task it_answers_201_with_its_location_and_is_browsable_at_once_with_every_field()
    {
        var form = ProjectScenarios.AProject("Published Booking API");

        var result = await app.Host.Scenario(s =>
        {
            s.Post.Json(form).ToUrl("/api/projects");
            s.WithBearerToken(app.AdminToken);
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        });
        var written = (await result.ReadAsJsonAsync<Zumodra.BuildingBlocks.Written>())!;

        written.Version.ShouldBe(1);
        result.Context.Response.Headers.Location.ToString().ShouldBe($"/api/projects/{written.Id}");
        var item = await app.BrowseProject(written.Id);
        item.ShouldNotBeNull();
        item.Id.ShouldBe(written.Id);
        item.Title.ShouldBe("Published Booking API");
        item.Description.ShouldBe(form.Description);
        item.CompanyId.ShouldBe(form.CompanyId);
        item.CompanyName.ShouldBe("Acme");
        item.Category.ShouldBe("Software Development");
        item.Skills.ShouldBe(["C#", "PostgreSQL"]);
        item.BudgetMin.ShouldBe(5000);
        item.BudgetMax.ShouldBe(8000);
        item.Currency.ShouldBe("EUR");
        item.Location.ShouldBe("Berlin, Germany");
        item.Latitude.ShouldBe(52.52);
        item.Longitude.ShouldBe(13.405);
        item.Remote.ShouldBeFalse();
        item.Deadline.ShouldBe(ProjectScenarios.Deadline);
        item.PublishedAt.ShouldBe(item.UpdatedAt);
        item.Version.ShouldBe(1);
        (await app.Events(written.Id)).Single().ShouldBeOfType<ProjectPublished>();
    }

    [Fact]
    public async Task only_the_title_is_required_and_text_is_tidied()
    {
        var form = new ProjectForm("  Logo design  ", " ", null, null, null, [" Figma ", "figma", "Branding"], null, null, null, null, null, null, null,
            new DateTimeOffset(2026, 10, 1, 12, 0, 0, TimeSpan.FromHours(2)));

        var written = await app.PublishProject(form);

        var item = (await app.BrowseProject(written.Id))!;
        item.Title.ShouldBe("Logo design");
        item.Description.ShouldBeNull();
        item.Category.ShouldBeNull();
        item.Skills.ShouldBe(["Figma", "Branding"]);
        item.BudgetMin.ShouldBeNull();
        item.Latitude.ShouldBeNull();
        item.Remote.ShouldBeFalse();
        item.Deadline.ShouldBe(new DateTimeOffset(2026, 10, 1, 10, 0, 0, TimeSpan.Zero));
        item.Deadline!.Value.Offset.ShouldBe(TimeSpan.Zero);
    }

    public static TheoryData<string, string> InvalidForms => new()
    {
        { """{ "description": "no title" }""", "title" },
        { """{ "title": "   " }""", "title" },
        { $$"""{ "title": "{{new string('x', 201)}}" }""", "title" },
        { """{ "title": "t", "budgetMin": 9000, "budgetMax": 5000 }""", "budgetMin" },
        { """{ "title": "t", "budgetMin": -1 }""", "budgetMin" },
        { """{ "title": "t", "budgetMax": -1 }""", "budgetMax" },
        { """{ "title": "t", "latitude": 52.5 }""", "longitude" },
        { """{ "title": "t", "longitude": 13.4 }""", "latitude" },
        { """{ "title": "t", "latitude": 91, "longitude": 13.4 }""", "latitude" },
        { """{ "title": "t", "latitude": 52.5, "longitude": -181 }""", "longitude" },
        { $$"""{ "title": "t", "skills": [{{string.Join(", ", Enumerable.Range(0, 31).Select(i => $"\"s{i}\""))}}] }""", "skills" },
        { """{ "title": "t", "skills": ["C#", " "] }""", "skills" },
        { """{ "title": "t", "skills": ["C#", null] }""", "skills" },
        { $$"""{ "title": "t", "skills": ["{{new string('s', 51)}}"] }""", "skills" },
        { """{ "title": "t", "currency": "euro" }""", "currency" },
        { """{ "title": "t", "version": -1 }""", "version" },
        { $$"""{ "title": "t", "companyName": "{{new string('c', 201)}}" }""", "companyName" },
        // Malformed JSON: the problem names the JSON path of the bad value.
        { """{ "title": "t", "budgetMin": "lots" }""", "budgetMin" },
        { """{ "title": "t", "skills": "C#" }""", "skills" },
        { """{ "title": "t", "deadline": "next week" }""", "deadline" },
        { """{ "title": "t", "remote": "yes" }""", "remote" },
        { """{ "title": "t", "contactUrl": "mailto:me@example.com" }""", "contactUrl" },
        { """{ "title": "t", "contactEmail": "me at example.com" }""", "contactEmail" },
        { """{ "title": "t", "contactUrl": "https://example.com/p", "contactEmail": "me@example.com" }""", "contactEmail" },
        { """{ "title": "t", "latitude": "north" }""", "latitude" },
        { """{ "title": "t", "companyId": "acme" }""", "companyId" },
        { """{ "title": "t", """, "$" },
        { "null", "$" },
        { "[]", "$" },
    };

    [Theory, MemberData(nameof(InvalidForms))]
    public async Task a_bad_body_is_a_400_naming_the_field_and_writes_nothing(string body, string field)
    {
        var before = await app.EventCount();

        var problem = await app.Problem(HttpStatusCode.BadRequest, s => s.Post.RawJson(body).ToUrl("/api/projects"), app.AdminToken);

        problem.GetProperty("status").GetInt32().ShouldBe(400);
        problem.ErrorFields().ShouldContain(field);
        (await app.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task every_bad_field_is_reported_at_once()
    {
        var problem = await app.Problem(HttpStatusCode.BadRequest,
            s => s.Post.RawJson("""{ "budgetMin": 10, "budgetMax": 1, "latitude": 100, "currency": "x" }""").ToUrl("/api/projects"), app.AdminToken);

        problem.ErrorFields().ShouldBe(["title", "budgetMin", "currency", "longitude", "latitude"], ignoreOrder: true);
    }

    [Fact]
    public async Task where_to_send_a_proposal_is_browsed_and_its_pages_link_to_it()
    {
        var form = ProjectScenarios.AProject("Proposal Booking API");
        var byWeb = (await app.PublishProject(form with { ContactUrl = "https://freelance.example.com/p/7" })).Id;
        var byMail = (await app.PublishProject(form with { ContactEmail = "projects@acme.example.com" })).Id;

        (await app.BrowseProject(byWeb)).ShouldNotBeNull().ContactUrl.ShouldBe("https://freelance.example.com/p/7");
        (await app.BrowseProject(byMail)).ShouldNotBeNull().ContactEmail.ShouldBe("projects@acme.example.com");
        (await (await app.Host.Scenario(s => s.Get.Url($"/projects/{byWeb}"))).ReadAsTextAsync())
            .ShouldContain("href=\"https://freelance.example.com/p/7\"");
        (await (await app.Host.Scenario(s => s.Get.Url($"/projects/{byMail}"))).ReadAsTextAsync())
            .ShouldContain("href=\"mailto:projects@acme.example.com\"");
    }
}
