using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Zumodra.BuildingBlocks;
using Zumodra.Tests.Live;

namespace Zumodra.Tests.Projects;

[Collection(ProjectsLiveCollection.Name)]
[Trait("Category", "Process")]
public sealed class when_a_project_changes_live(ProjectsLiveApp app)
{
    private async Task<Written> Send(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", app.Server.AdminToken);
        if (body is not null) request.Content = JsonContent.Create(body);
        using var response = await app.Server.Http.SendAsync(request);
        response.IsSuccessStatusCode.ShouldBeTrue($"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<Written>())!;
    }

    private Task<Written> Publish(string title, params string[] skills) =>
        Send(HttpMethod.Post, "/api/projects", ProjectScenarios.AProject(title, skills: skills));

    private static Guid ItemId(JsonElement push) =>
        push.TryGetProperty("item", out var item) ? item.GetProperty("id").GetGuid() : push.GetProperty("id").GetGuid();

    private static List<(string Method, JsonElement Payload)> About(IEnumerable<(string Method, JsonElement Payload)> pushes, params Guid[] ids) =>
        [.. pushes.Where(x => x.Method.StartsWith("project_", StringComparison.Ordinal) && ids.Contains(ItemId(x.Payload)))];

    /// <summary>Waits until <paramref name="count"/> pushes about these projects arrived (or 10 s passed) and returns those pushes.</summary>
    private static async Task<List<(string Method, JsonElement Payload)>> PushesAbout(LiveProbe probe, int count, params Guid[] ids)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (About(probe.Received, ids).Count < count && DateTime.UtcNow < deadline) await Task.Delay(20);
        return About(probe.Received, ids);
    }

    [Fact]
    public async Task projects_subscribers_receive_each_change_in_order_and_jobs_subscribers_none()
    {
        await using var projects = await new LiveProbe(app.Server.Connect("?channel=projects")).StartAsync();
        await using var jobs = await new LiveProbe(app.Server.Connect("?channel=jobs")).StartAsync();

        var published = await Publish("Live booking API", "C#", "PostgreSQL");
        await Send(HttpMethod.Put, $"/api/projects/{published.Id}", ProjectScenarios.AProject("Live booking API v2", skills: ["C#"]));
        await Send(HttpMethod.Post, $"/api/projects/{published.Id}/award", new { awardedTo = "Ada" });
        await Send(HttpMethod.Post, $"/api/projects/{published.Id}/reopen");
        await Send(HttpMethod.Delete, $"/api/projects/{published.Id}");

        var received = await PushesAbout(projects, 5, published.Id);
        received.Select(x => x.Method).ShouldBe(["project_created", "project_updated", "project_deleted", "project_created", "project_deleted"]);
        received.ShouldAllBe(x => x.Payload.GetProperty("channel").GetString() == "projects");
        var created = received[0].Payload.GetProperty("item");
        created.GetProperty("title").GetString().ShouldBe("Live booking API");
        created.GetProperty("skills").EnumerateArray().Select(x => x.GetString()).ShouldBe(["C#", "PostgreSQL"]);
        created.GetProperty("budgetMax").GetDecimal().ShouldBe(8000);
        received[1].Payload.GetProperty("item").GetProperty("title").GetString().ShouldBe("Live booking API v2");
        received[1].Payload.GetProperty("item").GetProperty("version").GetInt64().ShouldBe(2);
        received[2].Payload.GetProperty("id").GetGuid().ShouldBe(published.Id);
        received[3].Payload.GetProperty("item").GetProperty("version").GetInt64().ShouldBe(4);
        var sequences = received.Select(x => x.Payload.GetProperty("sequence").GetInt64()).ToList();
        sequences.ShouldBe(sequences.Order().ToList());
        sequences.Distinct().Count().ShouldBe(5);

        (await jobs.Quiet()).ShouldNotContain(x => x.Method.StartsWith("project_", StringComparison.Ordinal));
        jobs.Received.ShouldNotContain(x => x.Method == "error");
    }

    [Fact]
    public async Task a_skill_filter_is_honoured_ignoring_case_from_the_query_string_or_subscribe()
    {
        await using var joined = await new LiveProbe(app.Server.Connect("?channel=projects&skill=rust")).StartAsync();
        await using var subscribed = await new LiveProbe(app.Server.Connect()).StartAsync();
        var answer = await subscribed.Connection.InvokeAsync<JsonElement>("Subscribe", "projects", new { skill = new[] { "elixir", "RUST" } }, (long?)null);
        answer.GetProperty("channel").GetString().ShouldBe("projects");

        var rust = await Publish("Rust service", "Rust", "Go");
        var design = await Publish("Design system", "Figma");
        await Send(HttpMethod.Put, $"/api/projects/{rust.Id}", ProjectScenarios.AProject("Rust service", skills: ["Go"]));
        await Send(HttpMethod.Put, $"/api/projects/{design.Id}", ProjectScenarios.AProject("Design system", skills: ["Figma", "rust"]));
        await Send(HttpMethod.Post, $"/api/projects/{design.Id}/close");

        foreach (var probe in new[] { joined, subscribed })
        {
            await PushesAbout(probe, 4, rust.Id, design.Id);
            await probe.Quiet();
            About(probe.Received, rust.Id, design.Id).Select(x => $"{x.Method} {(ItemId(x.Payload) == rust.Id ? "rust" : "design")}").ShouldBe(
            [
                "project_created rust",
                // The edit dropped the skill: a filtered page must remove it.
                "project_deleted rust",
                // The edit added the skill: it appears as an update of an item the page did not show.
                "project_updated design",
                "project_deleted design",
            ]);
            probe.Received.ShouldNotContain(x => x.Method == "error");
        }
    }

    [Fact]
    public async Task an_unknown_filter_is_refused_by_name()
    {
        await using var probe = await new LiveProbe(app.Server.Connect()).StartAsync();

        var error = await Should.ThrowAsync<HubException>(() =>
            probe.Connection.InvokeAsync<JsonElement>("Subscribe", "projects", new { budgetMin = "100" }, (long?)null));

        error.Message.ShouldContain("invalid_filters");
        error.Message.ShouldContain("budgetMin");
    }
}
