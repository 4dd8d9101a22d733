using Zumodra.Tests.Jobs;

namespace Zumodra.Tests.Hardening;

/// <summary>The empty GUID names nothing: every read and write of it is a 404 ProblemDetails, never a 500, and writes nothing.</summary>
[Collection(HardeningCollection.Name)]
public sealed class when_addressing_the_empty_guid(HardeningApp app)
{
    private static readonly Guid Empty = Guid.Empty;

    public static TheoryData<string, string, string?> Writes => new()
    {
        { "DELETE", $"/api/jobs/{Empty}", null },
        { "PUT", $"/api/jobs/{Empty}", "jobs" },
        { "POST", $"/api/jobs/{Empty}/close", null },
        { "POST", $"/api/jobs/{Empty}/reopen", null },
        { "DELETE", $"/api/companies/{Empty}", null },
        { "PUT", $"/api/companies/{Empty}", "companies" },
        { "POST", $"/api/companies/{Empty}/verify", null },
        { "DELETE", $"/api/projects/{Empty}", null },
        { "PUT", $"/api/projects/{Empty}", "projects" },
        { "POST", $"/api/projects/{Empty}/close", null },
        { "POST", $"/api/projects/{Empty}/reopen", null },
        { "POST", $"/api/projects/{Empty}/award", null },
    };

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task a_write_to_the_empty_guid_is_a_404_problem_and_writes_nothing(string method, string url, string? body)
    {
        var result = await app.Refused(404, s =>
        {
            if (body is not null) s.Put.Json(Bodies.Of(body)).ToUrl(url);
            else if (method == "DELETE") s.Delete.Url(url);
            else s.Post.Json(new { }).ToUrl(url);
        });
        (await result.ReadProblem()).Status.ShouldBe(404);
    }

    [Fact]
    public async Task anonymous_writes_to_the_empty_guid_are_still_401()
    {
        await app.Refused(401, s => s.Delete.Url($"/api/jobs/{Empty}"), asAdmin: false);
    }

    public static TheoryData<string> Reads => new()
    {
        $"/api/jobs/{Empty}", $"/api/companies/{Empty}", $"/api/projects/{Empty}",
        $"/api/jobs/{Empty}?version=1", $"/api/companies/{Empty}?asOf=2030-01-01T00:00:00Z",
        $"/api/admin/items/{Empty}", $"/api/admin/streams/{Empty}/events",
    };

    [Theory]
    [MemberData(nameof(Reads))]
    public async Task a_read_of_the_empty_guid_is_a_404_problem(string url)
    {
        var result = await app.Refused(404, s => s.Get.Url(url));
        (await result.ReadProblem()).Status.ShouldBe(404);
    }

    [Theory]
    [InlineData("/jobs/")]
    [InlineData("/companies/")]
    [InlineData("/projects/")]
    [InlineData("/admin/streams/")]
    public async Task a_page_of_the_empty_guid_is_a_404(string page)
    {
        await app.Refused(404, s => s.Get.Url(page + Empty));
    }
}
