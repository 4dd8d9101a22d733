using System.Text;
using Zumodra.Tests.Jobs;

namespace Zumodra.Tests.Hardening;

/// <summary>
/// Bodies are read strictly: a key given twice or a number sent as a string is a 400 naming the field, a body that does
/// not say it is JSON is a 415; nothing is written either way.
/// </summary>
[Collection(HardeningCollection.Name)]
public sealed class when_sending_loose_json(HardeningApp app)
{
    public static TheoryData<string, string, string> Duplicates => new()
    {
        { "jobs", """{"title":"a","title":"b","jobType":"full_time"}""", "title" },
        { "jobs", """{"title":"a","jobType":"full_time","salaryMin":1,"salaryMin":2}""", "salaryMin" },
        { "jobs", """{"title":"a","jobType":"full_time","TITLE":"b"}""", "title" },
        { "companies", """{"name":"a","name":"b"}""", "name" },
        { "projects", """{"title":"a","skills":["C#"],"skills":["Go"]}""", "skills" },
    };

    [Theory]
    [MemberData(nameof(Duplicates))]
    public async Task a_key_given_twice_is_a_400_naming_it(string module, string body, string field)
    {
        var id = await app.Create(module);
        foreach (var (method, url) in new[] { ("POST", $"/api/{module}"), ("PUT", $"/api/{module}/{id}") })
        {
            var result = await app.Refused(400, s =>
            {
                if (method == "POST") s.Post.RawJson(body).ToUrl(url);
                else s.Put.RawJson(body).ToUrl(url);
            });
            var problem = await result.ReadProblem();
            problem.ErrorFields.ShouldBe([field], $"because {problem}");
            problem.ErrorsOf(field).ShouldBe([$"'{field}' must be given only once."]);
        }
    }

    [Fact]
    public async Task an_award_naming_someone_twice_is_a_400()
    {
        var id = await app.Create("projects");
        var result = await app.Refused(400, s => s.Post.RawJson("""{"awardedTo":"Ada","awardedTo":"Grace"}""").ToUrl($"/api/projects/{id}/award"));
        var problem = await result.ReadProblem();
        problem.ErrorFields.ShouldBe(["awardedTo"], $"because {problem}");
        problem.ErrorsOf("awardedTo").ShouldBe(["'awardedTo' must be given only once."]);
    }

    public static TheoryData<string, string, string> NumbersAsStrings => new()
    {
        { "jobs", "salaryMin", "5000" },
        { "jobs", "salaryMax", "80000" },
        { "jobs", "latitude", "52.5" },
        { "jobs", "version", "1" },
        { "companies", "longitude", "13.4" },
        { "projects", "budgetMin", "1000" },
        { "projects", "budgetMax", "5000" },
    };

    [Theory]
    [MemberData(nameof(NumbersAsStrings))]
    public async Task a_number_sent_as_a_string_is_a_400_naming_the_field(string module, string field, string value)
    {
        var json = Bodies.Of(module);
        json[field] = value;
        var body = json.ToJsonString();
        var id = await app.Create(module);
        var result = await app.Refused(400, s => s.Post.RawJson(body).ToUrl($"/api/{module}"));
        var problem = await result.ReadProblem();
        problem.ErrorFields.ShouldContain(field);
        problem.ErrorsOf(field).ShouldBe([$"'{field}' has the wrong type or format."]);
        result = await app.Refused(400, s => s.Put.RawJson(body).ToUrl($"/api/{module}/{id}"));
        (await result.ReadProblem()).ErrorFields.ShouldContain(field);
    }

    /// <summary>The body as bytes with no Content-Type header at all, as some scripts send it.</summary>
    private static void WithoutContentType(Scenario s, string body) =>
        s.ConfigureHttpContext(context =>
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Request.Body = new MemoryStream(bytes);
            context.Request.ContentLength = bytes.Length;
            context.Request.ContentType = null;
        });

    [Theory]
    [InlineData("jobs")]
    [InlineData("companies")]
    [InlineData("projects")]
    public async Task a_body_without_a_content_type_is_a_415_problem(string module)
    {
        var id = await app.Create(module);
        var body = Bodies.Of(module).ToJsonString();

        var post = await app.Refused(415, s =>
        {
            s.Post.Url($"/api/{module}");
            WithoutContentType(s, body);
        });
        (await post.ReadProblem()).Status.ShouldBe(415);

        var put = await app.Refused(415, s =>
        {
            s.Put.Url($"/api/{module}/{id}");
            WithoutContentType(s, body);
        });
        (await put.ReadProblem()).Status.ShouldBe(415);

        var plain = await app.Refused(415, s => s.Post.Text(body).ToUrl($"/api/{module}"));
        (await plain.ReadProblem()).Status.ShouldBe(415);
    }

    [Fact]
    public async Task an_award_body_without_a_content_type_is_a_415_but_an_award_without_a_body_is_fine()
    {
        var id = await app.Create("projects");
        await app.Refused(415, s =>
        {
            s.Post.Url($"/api/projects/{id}/award");
            WithoutContentType(s, """{"awardedTo":"Ada"}""");
        });

        await app.SendAsAdmin(200, s =>
        {
            s.Post.Url($"/api/projects/{id}/award");
            s.ConfigureHttpContext(context => context.Request.ContentLength = 0);
        });
    }
}
