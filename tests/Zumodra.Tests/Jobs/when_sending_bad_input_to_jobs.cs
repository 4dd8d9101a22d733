namespace Zumodra.Tests.Jobs;

/// <summary>Unreadable bodies and query strings: a 400 problem naming the field, never a 500, and nothing written.</summary>
[Collection(JobsCollection.Name)]
public sealed class when_sending_bad_input_to_jobs(JobsApp app)
{
    public static TheoryData<string, string> BadBodies => new()
    {
        { "{not json}", "$" },
        { """{"title": "Engineer", "jobType": "full_time",}""", "$" },
        { """{"title": "Engineer", "jobType": "full_time" """, "$" },
        { "[1, 2]", "$" },
        { "\"a job\"", "$" },
        { "", "$" },
        { """{"title": "Engineer", "jobType": "full_time", "salaryMin": "abc"}""", "salaryMin" },
        { """{"title": "Engineer", "jobType": "full_time", "salaryMax": true}""", "salaryMax" },
        { """{"title": "Engineer", "jobType": "full_time", "salaryMin": 1e40}""", "salaryMin" },
        { """{"title": "Engineer", "jobType": "full_time", "latitude": "north", "longitude": 13.4}""", "latitude" },
        { """{"title": "Engineer", "jobType": "full_time", "latitude": 52.5, "longitude": [13.4]}""", "longitude" },
        { """{"title": "Engineer", "jobType": "full_time", "remote": "yes"}""", "remote" },
        { """{"title": "Engineer", "jobType": "full_time", "companyId": "acme"}""", "companyId" },
        { """{"title": 42, "jobType": "full_time"}""", "title" },
        { """{"title": "Engineer", "jobType": ["full_time"]}""", "jobType" },
        { """{"title": "Engineer", "jobType": "full_time", "version": "latest"}""", "version" },
        { """{"title": "Engineer", "jobType": "full_time", "latitude": 1e400, "longitude": 13.4}""", "latitude" },
        { """{"title": "Engineer", "jobType": "full_time", "latitude": 52.5, "longitude": -1e400}""", "longitude" },
        { """{}""", "title" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task a_bad_post_body_is_a_400_naming_the_field_and_writes_nothing(string body, string field)
    {
        var eventsBefore = await app.EventCount();

        var result = await app.SendAsAdmin(400, s => s.Post.RawJson(body).ToUrl("/api/jobs"));

        var problem = await result.ReadProblem();
        problem.Status.ShouldBe(400);
        problem.ErrorFields.ShouldContain(field, $"because {problem}");
        (await app.EventCount()).ShouldBe(eventsBefore);
    }

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task a_bad_put_body_is_a_400_naming_the_field_and_writes_nothing(string body, string field)
    {
        var written = await app.PostJob(JobScenarios.AJob("Bad Body Target"));

        var result = await app.SendAsAdmin(400, s => s.Put.RawJson(body).ToUrl($"/api/jobs/{written.Id}"));

        (await result.ReadProblem()).ErrorFields.ShouldContain(field);
        (await app.StreamVersion(written.Id)).ShouldBe(1);
        (await app.BrowseJob(written.Id))!.Title.ShouldBe("Bad Body Target");
    }

    [Fact]
    public async Task a_malformed_body_says_it_is_not_json()
    {
        var result = await app.SendAsAdmin(400, s => s.Post.RawJson("{oops").ToUrl("/api/jobs"));

        (await result.ReadProblem()).ErrorsOf("$").ShouldBe(["The body is not valid JSON."]);
    }

    [Fact]
    public async Task a_wrongly_typed_field_says_so()
    {
        var result = await app.SendAsAdmin(400, s => s.Post.RawJson("""{"title":"a","jobType":"full_time","salaryMin":"abc"}""").ToUrl("/api/jobs"));

        (await result.ReadProblem()).ErrorsOf("salaryMin").ShouldBe(["'salaryMin' has the wrong type or format."]);
    }

    [Fact]
    public async Task a_null_post_body_is_a_400_not_a_500()
    {
        var eventsBefore = await app.EventCount();

        var result = await app.SendAsAdmin(400, s => s.Post.RawJson("null").ToUrl("/api/jobs"));

        (await result.ReadProblem()).ErrorFields.ShouldNotBeEmpty();
        (await app.EventCount()).ShouldBe(eventsBefore);
    }

    [Fact]
    public async Task a_null_put_body_is_a_400_not_a_500()
    {
        var written = await app.PostJob(JobScenarios.AJob("Null Body Target"));

        var result = await app.SendAsAdmin(400, s => s.Put.RawJson("null").ToUrl($"/api/jobs/{written.Id}"));

        (await result.ReadProblem()).ErrorFields.ShouldNotBeEmpty();
        (await app.StreamVersion(written.Id)).ShouldBe(1);
    }

    [Fact]
    public async Task a_body_that_is_not_json_is_415_and_writes_nothing()
    {
        var eventsBefore = await app.EventCount();

        var result = await app.SendAsAdmin(415, s => s.Post.Text("""{"title":"Engineer","jobType":"full_time"}""").ToUrl("/api/jobs"));

        (await result.ReadProblem()).Status.ShouldBe(415);
        (await app.EventCount()).ShouldBe(eventsBefore);
    }

    [Fact]
    public async Task unknown_body_fields_are_ignored_and_names_are_case_insensitive()
    {
        var result = await app.SendAsAdmin(201, s => s.Post.RawJson("""{"TITLE":"Loose Engineer","JobType":"part_time","salary":"lots"}""").ToUrl("/api/jobs"));

        var id = (await result.ReadJson()).GetProperty("id").GetGuid();
        var job = (await app.BrowseJob(id))!;
        job.Title.ShouldBe("Loose Engineer");
        job.JobType.ShouldBe("part_time");
    }

    public static TheoryData<string, string> BadListQueries => new()
    {
        { "page=0", "page" },
        { "page=-1", "page" },
        { "page=abc", "page" },
        { "page=1.5", "page" },
        { "page=10001", "page" },
        { "page=99999999999", "page" },
        { "pageSize=0", "pageSize" },
        { "pageSize=101", "pageSize" },
        { "pageSize=ten", "pageSize" },
        { "sort=oldest", "sort" },
        { "sort=SALARY", "sort" },
        { "type=freelance", "type" },
        { "type=full_time&type=gig", "type" },
        { "type=full_time,gig", "type" },
        { "type=FULL_TIME", "type" },
        { "remote=maybe", "remote" },
        { "remote=yes", "remote" },
        { "search=" + "x" + "&search=y", "search" },
        { "location=Berlin&location=Paris", "location" },
        { "category=a&category=b", "category" },
        { "remote=true&remote=false", "remote" },
        { "sort=newest&sort=salary", "sort" },
        { "page=1&page=2", "page" },
        { "pageSize=10&pageSize=20", "pageSize" },
        { "search=", "none" },
    };

    [Theory]
    [MemberData(nameof(BadListQueries))]
    public async Task a_bad_list_query_is_a_400_naming_the_parameter(string query, string parameter)
    {
        if (parameter == "none")
        {
            // An empty value means "no filter", not an error: the control case for this theory.
            await app.Send(200, s => s.Get.Url("/api/jobs?" + query));
            return;
        }

        var result = await app.Send(400, s => s.Get.Url("/api/jobs?" + query));

        var problem = await result.ReadProblem();
        problem.Status.ShouldBe(400);
        problem.ErrorFields.ShouldBe([parameter], $"because {problem}");
    }

    [Fact]
    public async Task an_overlong_search_is_a_400()
    {
        var result = await app.Send(400, s => s.Get.Url("/api/jobs?search=" + new string('q', 201)));

        (await result.ReadProblem()).ErrorFields.ShouldBe(["search"]);
        await app.Send(200, s => s.Get.Url("/api/jobs?search=" + new string('q', 200)));
    }

    [Fact]
    public async Task every_bad_parameter_is_reported_at_once()
    {
        var result = await app.Send(400, s => s.Get.Url("/api/jobs?page=0&pageSize=500&sort=best&type=gig&remote=maybe"));

        (await result.ReadProblem()).ErrorFields.ShouldBe(["page", "pageSize", "sort", "type", "remote"], ignoreOrder: true);
    }

    public static TheoryData<string, string> BadMapQueries => new()
    {
        { "bbox=1,2,3", "bbox" },
        { "bbox=1,2,3,4,5", "bbox" },
        { "bbox=a,b,c,d", "bbox" },
        { "bbox=west,south,east,north", "bbox" },
        { "bbox=10,40,0,50", "bbox" },
        { "bbox=0,50,10,40", "bbox" },
        { "bbox=-181,0,0,10", "bbox" },
        { "bbox=0,0,181,10", "bbox" },
        { "bbox=0,-91,10,0", "bbox" },
        { "bbox=0,0,10,91", "bbox" },
        { "bbox=NaN,0,10,10", "bbox" },
        { "bbox=Infinity,0,10,10", "bbox" },
        { "bbox=0,0,10,10&bbox=0,0,10,10", "bbox" },
        { "remote=maybe", "remote" },
        { "type=gig", "type" },
        { "location=a&location=b", "location" },
    };

    [Theory]
    [MemberData(nameof(BadMapQueries))]
    public async Task a_bad_map_query_is_a_400_naming_the_parameter(string query, string parameter)
    {
        var result = await app.Send(400, s => s.Get.Url("/api/jobs/map?" + query));

        (await result.ReadProblem()).ErrorFields.ShouldBe([parameter], $"because {(await result.ReadProblem())}");
    }
}
