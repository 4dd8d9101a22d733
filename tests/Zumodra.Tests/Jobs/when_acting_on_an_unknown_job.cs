namespace Zumodra.Tests.Jobs;

[Collection(JobsCollection.Name)]
public sealed class when_acting_on_an_unknown_job(JobsApp app)
{
    public static TheoryData<string, string> Writes => new()
    {
        { "PUT", "" }, { "POST", "/close" }, { "POST", "/reopen" }, { "DELETE", "" },
    };

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task every_write_is_a_404_problem_and_no_stream_is_created(string method, string suffix)
    {
        var id = Guid.NewGuid();
        var eventsBefore = await app.EventCount();

        var result = await app.SendAsAdmin(404, s =>
        {
            var url = $"/api/jobs/{id}{suffix}";
            switch (method)
            {
                case "PUT": s.Put.Json(JobScenarios.AJob()).ToUrl(url); break;
                case "DELETE": s.Delete.Url(url); break;
                default: s.Post.Url(url); break;
            }
        });

        (await result.ReadProblem()).Status.ShouldBe(404);
        (await app.StreamVersion(id)).ShouldBeNull();
        (await app.EventCount()).ShouldBe(eventsBefore);
    }

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task an_id_that_is_not_a_guid_is_a_404_problem(string method, string suffix)
    {
        var eventsBefore = await app.EventCount();

        var result = await app.SendAsAdmin(404, s =>
        {
            var url = $"/api/jobs/not-a-guid{suffix}";
            switch (method)
            {
                case "PUT": s.Put.Json(JobScenarios.AJob()).ToUrl(url); break;
                case "DELETE": s.Delete.Url(url); break;
                default: s.Post.Url(url); break;
            }
        });

        (await result.ReadProblem()).Status.ShouldBe(404);
        (await app.EventCount()).ShouldBe(eventsBefore);
    }
}
