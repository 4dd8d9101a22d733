using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Zumodra.Admin.RebuildingProjections;
using Zumodra.BuildingBlocks;
using Zumodra.Tests.AddingAModule.Gigs;
using Zumodra.Tests.Infrastructure;
using Zumodra.Tests.Live;

namespace Zumodra.Tests.AddingAModule;

/// <summary>The whole application with <see cref="GigsModule"/> added by its one call, and nothing else changed.</summary>
public sealed class GigsApp : IAsyncLifetime
{
    public InProcessServer Server { get; private set; } = null!;

    /// <summary>A visitor: no token, so its browse answers are cached.</summary>
    public HttpClient Visitor { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await InProcessServer.StartAsync("gigs", services => services.AddGigsModule());
        Visitor = new HttpClient { BaseAddress = Server.BaseAddress };
    }

    public async Task<Written> PostAsync(string title, string city)
    {
        var response = await Server.Http.PostAsJsonAsync("/api/gigs", new GigForm(title, city));
        response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<Written>())!;
    }

    public async Task SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        var response = await Server.Http.SendAsync(request);
        response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync());
    }

    public async Task<List<string>> VisibleTitlesAsync(string query = "")
    {
        var page = await Visitor.GetFromJsonAsync<JsonElement>("/api/gigs" + query);
        return [.. page.GetProperty("items").EnumerateArray().Select(x => x.GetProperty("title").GetString()!)];
    }

    public async Task DisposeAsync()
    {
        Visitor.Dispose();
        await Server.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class GigsCollection : ICollectionFixture<GigsApp>
{
    public const string Name = "gigs";
}

[Collection(GigsCollection.Name)]
public sealed class when_a_module_is_added(GigsApp app)
{
    [Fact]
    public async Task its_changes_are_pushed_on_its_own_channel_filtered_by_its_own_rules()
    {
        await using var lisbon = await app.Server.Listen("?channel=gigs&city=lisbon");
        var here = await app.PostAsync(LiveScenarios.Unique("Harbour Tour Guide"), "Lisbon");
        var elsewhere = await app.PostAsync(LiveScenarios.Unique("Vineyard Picker"), "Porto");
        await app.SendAsync(HttpMethod.Put, $"/api/gigs/{here.Id}/title", new GigForm("River Tour Guide", "Lisbon"));
        await app.SendAsync(HttpMethod.Delete, $"/api/gigs/{here.Id}");

        var pushes = await lisbon.WaitFor(3);
        pushes.Select(x => x.Method).ShouldBe(["gig_created", "gig_updated", "gig_deleted"]);
        pushes.ShouldAllBe(x => x.Payload.ItemId() == here.Id);
        pushes[1].Payload.Title().ShouldBe("River Tour Guide");
        (await lisbon.Quiet()).ShouldNotContain(x => x.Payload.ItemId() == elsewhere.Id);

        // Its filters are checked by its own reader, like every module's.
        await using var wrong = await app.Server.Listen("?channel=gigs&city=a%00b");
        var error = (await wrong.WaitFor(1)).ShouldHaveSingleItem();
        error.Method.ShouldBe("error");
        error.Payload.GetProperty("field").GetString().ShouldBe("city");
    }

    [Fact]
    public async Task its_cached_answers_are_revalidated_and_never_outlive_a_change()
    {
        var first = await app.Visitor.GetAsync("/api/gigs?city=Faro");
        var etag = first.Headers.ETag.ShouldNotBeNull();
        using (var revalidate = new HttpRequestMessage(HttpMethod.Get, "/api/gigs?city=Faro"))
        {
            revalidate.Headers.IfNoneMatch.Add(etag);
            (await app.Visitor.SendAsync(revalidate)).StatusCode.ShouldBe(HttpStatusCode.NotModified);
        }

        var title = LiveScenarios.Unique("Beach Lifeguard");
        await app.PostAsync(title, "Faro");

        (await app.VisibleTitlesAsync("?city=Faro")).ShouldContain(title);
        using var stale = new HttpRequestMessage(HttpMethod.Get, "/api/gigs?city=Faro");
        stale.Headers.IfNoneMatch.Add(etag);
        (await app.Visitor.SendAsync(stale)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task an_admin_reads_its_items_as_they_were()
    {
        var gig = await app.PostAsync("Festival Steward", "Braga");
        await app.SendAsync(HttpMethod.Put, $"/api/gigs/{gig.Id}/title", new GigForm("Festival Head Steward", "Braga"));

        var then = await app.Server.Http.GetFromJsonAsync<JsonElement>($"/api/gigs/{gig.Id}?version=1");
        then.GetProperty("title").GetString().ShouldBe("Festival Steward");
        (await app.Visitor.GetAsync($"/api/gigs/{gig.Id}?version=1")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task an_admin_rebuilds_its_read_model_and_visitors_see_the_result_at_once()
    {
        var title = LiveScenarios.Unique("Market Stall Helper");
        await app.PostAsync(title, "Coimbra");
        (await app.VisibleTitlesAsync("?city=Coimbra")).ShouldContain(title);

        // The read model loses the gig behind the application's back (raw SQL: no commit tells the cache), and a visitor's
        // answer without it is cached.
        var store = app.Server.Services.GetRequiredService<IDocumentStore>();
        await using (var session = store.LightweightSession())
        {
            session.QueueSqlCommand("delete from gigs.mt_doc_gigcard");
            await session.SaveChangesAsync();
        }
        const string query = "?city=Coimbra&pageSize=7";
        (await app.VisibleTitlesAsync(query)).ShouldNotContain(title);

        var started = await app.Server.Http.PostAsync("/api/admin/projections/GigCard/rebuild", null);
        started.StatusCode.ShouldBe(HttpStatusCode.Accepted, await started.Content.ReadAsStringAsync());
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string? state = null;
        while (state != RebuildStates.Completed && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            state = (await app.Server.Http.GetFromJsonAsync<JsonElement>("/api/admin/projections/GigCard/rebuild")).GetProperty("state").GetString();
        }
        state.ShouldBe(RebuildStates.Completed);

        (await app.VisibleTitlesAsync(query)).ShouldContain(title, "the rebuild tells the cache that the gigs changed");
    }

    [Fact]
    public async Task the_navigation_lists_it_after_the_others()
    {
        var page = await app.Visitor.GetStringAsync("/jobs");
        page.ShouldContain("href=\"/gigs\"");
        page.IndexOf("href=\"/gigs\"", StringComparison.Ordinal).ShouldBeGreaterThan(page.IndexOf("href=\"/projects\"", StringComparison.Ordinal));
    }
}
