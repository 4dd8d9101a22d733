using System.Net;
using Zumodra.Tests.Jobs;

namespace Zumodra.Tests.Admin;

[Collection(AdminCollection.Name)]
public sealed class when_signing_in_to_the_admin_pages(AdminApp app)
{
    private async Task<HttpResponseMessage> WithCookie(HttpMethod method, string url, string cookie)
    {
        var client = app.Host.Server.CreateClient();
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Add("Cookie", cookie.Split(';')[0]);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task an_admin_token_signs_in_with_a_strict_http_only_cookie()
    {
        var (response, cookie) = await app.SignIn("Token", new() { ["token"] = app.AdminToken, ["returnUrl"] = "/admin" });

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldBe("/admin");
        cookie.ShouldNotBeNull();
        cookie.ShouldContain("httponly", Case.Insensitive);
        cookie.ShouldContain("samesite=strict", Case.Insensitive);

        (await WithCookie(HttpMethod.Get, "/admin", cookie)).StatusCode.ShouldBe(HttpStatusCode.OK);
        // The pages read the admin API with the cookie...
        (await WithCookie(HttpMethod.Get, "/api/admin/projections", cookie)).StatusCode.ShouldBe(HttpStatusCode.OK);
        // ...but a cookie alone never changes anything through the API (no cross-site request forgery).
        (await WithCookie(HttpMethod.Post, "/api/admin/projections/CompanyBrowseItem/rebuild", cookie)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await WithCookie(HttpMethod.Post, "/api/jobs", cookie)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task the_configured_credential_signs_in()
    {
        var (response, cookie) = await app.SignIn("Credential", new() { ["user"] = AdminApp.User, ["password"] = AdminApp.Password });

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await WithCookie(HttpMethod.Get, "/admin", cookie!)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task a_wrong_password_or_a_visitor_token_does_not()
    {
        var (wrong, cookie) = await app.SignIn("Credential", new() { ["user"] = AdminApp.User, ["password"] = "guess" });
        wrong.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        cookie.ShouldBeNull();

        var (visitor, visitorCookie) = await app.SignIn("Token", new() { ["token"] = app.VisitorToken });
        visitor.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        visitorCookie.ShouldBeNull();
        (await visitor.Content.ReadAsStringAsync()).ShouldContain("does not carry the admin role");

        var (garbage, _) = await app.SignIn("Token", new() { ["token"] = "not.a.token" });
        garbage.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task a_form_without_its_antiforgery_token_is_refused()
    {
        var client = app.Host.Server.CreateClient();
        var response = await client.PostAsync("/admin/login?handler=Token", new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = app.AdminToken }));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Headers.Contains("Set-Cookie").ShouldBeFalse();
    }

    [Fact]
    public async Task the_admin_page_shows_projections_events_and_a_stream_timeline()
    {
        var job = await app.PostJob(JobScenarios.AJob("Timeline Engineer"));
        await app.EditJob(job.Id, JobScenarios.AJob("Timeline Engineer II"));

        var page = await app.SendAsAdmin(200, s => s.Get.Url("/admin"));
        var html = await page.ReadAsTextAsync();
        html.ShouldContain("data-projection=\"JobBrowseItem\"");
        html.ShouldContain("data-rebuild-form");
        html.ShouldContain($"/admin/streams/{job.Id}");
        page.Context.Response.Headers.ContentSecurityPolicy.ToString().ShouldContain("script-src 'self'");

        var search = await (await app.SendAsAdmin(200, s => s.Get.Url("/admin?q=Timeline+Engineer+II"))).ReadAsTextAsync();
        search.ShouldContain($"/admin/streams/{job.Id}");
        await app.SendAsAdmin(302, s => s.Get.Url($"/admin?q={job.Id}"));

        var stream = await (await app.SendAsAdmin(200, s => s.Get.Url($"/admin/streams/{job.Id}"))).ReadAsTextAsync();
        stream.ShouldContain("JobPosted");
        stream.ShouldContain("JobEdited");
        stream.ShouldContain("data-change=\"created\"");
        stream.ShouldContain("data-change=\"updated\"");
        stream.ShouldContain("Timeline Engineer II");
        stream.ShouldContain("<code>title</code>");
    }
}
