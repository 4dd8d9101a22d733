using System.Globalization;
using System.Text.Json;
using Zumodra.Tests.Jobs;

namespace Zumodra.Tests.Admin;

[Collection(AdminCollection.Name)]
public sealed class when_following_the_event_feed(AdminApp app)
{
    private static IReadOnlyList<JsonElement> Items(JsonElement page) => page.GetProperty("items").EnumerateArray().ToList();

    [Fact]
    public async Task it_pages_through_every_event_after_a_sequence_in_order()
    {
        var start = await app.HighWaterMark();
        var jobs = new List<Guid>();
        for (var i = 0; i < 3; i++) jobs.Add((await app.PostJob()).Id);
        foreach (var id in jobs) await app.JobAction(id, "close");

        var first = await app.GetAsAdmin($"/api/admin/events?after={start}&limit=4");
        Items(first).Count.ShouldBe(4);
        first.GetProperty("more").GetBoolean().ShouldBeTrue();
        var second = await app.GetAsAdmin($"/api/admin/events?after={first.GetProperty("next").GetInt64()}&limit=4");
        var events = Items(first).Concat(Items(second)).Where(e => jobs.Contains(e.GetProperty("streamId").GetGuid())).ToList();

        events.Count.ShouldBe(6);
        events.Select(e => e.GetProperty("sequence").GetInt64()).ShouldBeInOrder();
        events.Take(3).ShouldAllBe(e => e.GetProperty("type").GetString() == "job_posted");
        events.Skip(3).ShouldAllBe(e => e.GetProperty("type").GetString() == "job_closed");
        events.ShouldAllBe(e => e.GetProperty("userName").GetString() == "admin");
        first.GetProperty("next").GetInt64().ShouldBe(Items(first)[^1].GetProperty("sequence").GetInt64());
    }

    [Fact]
    public async Task polling_past_the_end_keeps_the_cursor()
    {
        var high = await app.HighWaterMark();
        var page = await app.GetAsAdmin($"/api/admin/events?after={high + 1000}");
        Items(page).ShouldBeEmpty();
        page.GetProperty("next").GetInt64().ShouldBe(high + 1000);
        page.GetProperty("more").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task it_filters_by_type_and_time()
    {
        var start = await app.HighWaterMark();
        var job = await app.PostJob();
        await app.JobAction(job.Id, "close");
        await app.JobAction(job.Id, "reopen");
        var history = await app.GetAsAdmin($"/api/admin/streams/{job.Id}/events");
        var closedAt = history.GetProperty("events")[1].GetProperty("timestamp").GetDateTimeOffset();

        var closed = Items(await app.GetAsAdmin($"/api/admin/events?after={start}&type=JobClosed"));
        closed.ShouldHaveSingleItem().GetProperty("streamId").GetGuid().ShouldBe(job.Id);
        var both = Items(await app.GetAsAdmin($"/api/admin/events?after={start}&type=job_closed,job_reopened"));
        both.Select(e => e.GetProperty("clrType").GetString()).ShouldBe(["JobClosed", "JobReopened"]);

        var at = Uri.EscapeDataString(closedAt.ToString("O", CultureInfo.InvariantCulture));
        var fromClose = Items(await app.GetAsAdmin($"/api/admin/events?after={start}&from={at}"));
        fromClose.Select(e => e.GetProperty("clrType").GetString()).ShouldBe(["JobClosed", "JobReopened"]);
        var untilClose = Items(await app.GetAsAdmin($"/api/admin/events?after={start}&to={at}"));
        untilClose.Select(e => e.GetProperty("clrType").GetString()).ShouldBe(["JobPosted", "JobClosed"]);
    }

    [Fact]
    public async Task the_limit_is_50_by_default_and_500_at_most()
    {
        for (var i = 0; i < 3; i++) await app.PostJob();
        var events = (await app.GetAsAdmin("/api/admin/projections")).GetProperty("eventCount").GetInt64();
        var page = await app.GetAsAdmin("/api/admin/events");
        Items(page).Count.ShouldBe((int)Math.Min(50, events), "the first 50 events of the store");

        var result = await app.SendAsAdmin(400, s => s.Get.Url("/api/admin/events?limit=501"));
        (await result.ReadProblem()).ErrorFields.ShouldBe(["limit"]);
    }

    [Theory]
    [InlineData("type=NoSuchEvent", "type")]
    [InlineData("after=-1", "after")]
    [InlineData("after=x", "after")]
    [InlineData("from=soon", "from")]
    [InlineData("from=2025-02-01T00:00:00Z&to=2025-01-01T00:00:00Z", "from")]
    [InlineData("limit=0", "limit")]
    public async Task bad_parameters_are_400_naming_them(string query, string field)
    {
        var result = await app.SendAsAdmin(400, s => s.Get.Url($"/api/admin/events?{query}"));
        (await result.ReadProblem()).ErrorFields.ShouldContain(field);
    }
}
