using System.Globalization;
using Microsoft.Net.Http.Headers;
using Zumodra.Tests.Jobs;

namespace Zumodra.Tests.Hardening;

/// <summary>
/// Time travel (<c>?version</c>, <c>?asOf</c>) is admin-only whatever the path's case (routing ignores it, so must the
/// check), and its answers are never cached: <c>no-store</c>, no ETag, never a 304 for an anonymous revalidation.
/// </summary>
[Collection(HardeningCollection.Name)]
public sealed class when_travelling_in_time_by_any_path(HardeningApp app)
{
    private async Task<Guid> AnEditedJob()
    {
        var id = await app.Create("jobs");
        var edited = Bodies.Job();
        edited["title"] = "Edited Engineer";
        await app.SendAsAdmin(200, s => s.Put.Json(edited).ToUrl($"/api/jobs/{id}"));
        return id;
    }

    private static string Now => Uri.EscapeDataString(DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));

    [Theory]
    [InlineData("/API/JOBS/{0}?version=1")]
    [InlineData("/Api/Jobs/{0}?asOf={1}")]
    [InlineData("/api/Jobs/{0}?version=1")]
    [InlineData("/API/jobs/{0}/?version=1")]
    public async Task an_anonymous_time_travel_in_any_case_is_a_401(string path)
    {
        var id = await AnEditedJob();

        var result = await app.Refused(401, s => s.Get.Url(string.Format(CultureInfo.InvariantCulture, path, id, Now)), asAdmin: false);

        result.Context.Response.Headers.ETag.ShouldBeEmpty();
        (await result.ReadAsTextAsync()).ShouldNotContain("Engineer");
    }

    [Fact]
    public async Task an_anonymous_head_of_a_time_travel_is_a_401()
    {
        var id = await AnEditedJob();
        var result = await app.Refused(401, s => s.Head.Url($"/API/JOBS/{id}?version=1"), asAdmin: false);
        result.Context.Response.Headers.ETag.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("/COMPANIES/")]
    [InlineData("/Projects/")]
    public async Task other_modules_check_the_case_too(string module)
    {
        var id = await app.Create(module.Trim('/').ToLowerInvariant());
        await app.Refused(401, s => s.Get.Url($"/API{module}{id}?version=1"), asAdmin: false);
    }

    [Fact]
    public async Task an_admin_travelling_by_an_upper_case_path_gets_the_past()
    {
        var id = await AnEditedJob();

        var result = await app.SendAsAdmin(200, s => s.Get.Url($"/API/JOBS/{id}?version=1"));

        (await result.ReadJson()).GetProperty("title").GetString().ShouldBe("Backend Engineer");
    }

    [Fact]
    public async Task an_anonymous_revalidation_of_a_time_travel_is_a_401_not_a_304()
    {
        var id = await AnEditedJob();
        var current = await app.Send(200, s => s.Get.Url($"/api/jobs/{id}"));
        var etag = current.Context.Response.Headers.ETag.ToString();
        etag.ShouldNotBeEmpty();

        var result = await app.Refused(401, s =>
        {
            s.Get.Url($"/api/jobs/{id}?version=1");
            s.WithRequestHeader(HeaderNames.IfNoneMatch, etag);
        }, asAdmin: false);

        result.Context.Response.Headers.ETag.ShouldBeEmpty();
        result.Context.Response.Headers.CacheControl.ToString().ShouldBe("no-store");
    }

    [Theory]
    [InlineData("version=1")]
    [InlineData("asOf={0}")]
    public async Task an_admin_time_travel_is_no_store_without_an_etag_even_when_revalidated(string query)
    {
        var id = await AnEditedJob();
        var current = await app.Send(200, s => s.Get.Url($"/api/jobs/{id}"));
        var etag = current.Context.Response.Headers.ETag.ToString();
        var url = $"/api/jobs/{id}?" + string.Format(CultureInfo.InvariantCulture, query, Now);

        var plain = await app.SendAsAdmin(200, s => s.Get.Url(url));
        var revalidated = await app.SendAsAdmin(200, s =>
        {
            s.Get.Url(url);
            s.WithRequestHeader(HeaderNames.IfNoneMatch, etag);
        });

        foreach (var result in new[] { plain, revalidated })
        {
            result.Context.Response.Headers.ETag.ShouldBeEmpty();
            result.Context.Response.Headers.CacheControl.ToString().ShouldBe("no-store");
        }
    }
}
