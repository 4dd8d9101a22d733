using Zumodra.Tests.Companies;
using Zumodra.Tests.Jobs;
using Zumodra.Tests.Projects;

namespace Zumodra.Tests.Admin;

/// <summary>Every admin route and page, without a token, with another role's token and as an admin.</summary>
[Collection(AdminCollection.Name)]
public sealed class when_authorizing_admin_routes(AdminApp app) : IAsyncLifetime
{
    private static Guid _job;
    private static Guid _company;
    private static Guid _project;

    public async Task InitializeAsync()
    {
        if (_job != Guid.Empty) return;
        _job = (await app.PostJob()).Id;
        _company = (await app.RegisterCompany()).Id;
        _project = (await app.PublishProject()).Id;
        // So that the status of its last rebuild exists.
        await app.Rebuild("CompanyBrowseItem");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string, string> Routes => new()
    {
        { "GET", "/api/admin/streams/{job}/events" },
        { "GET", "/api/admin/events" },
        { "GET", "/api/admin/events?after=0&limit=5&type=job_posted" },
        { "GET", "/api/admin/projections" },
        { "GET", "/api/admin/projections/CompanyBrowseItem/rebuild" },
        { "POST", "/api/admin/projections/CompanyBrowseItem/rebuild" },
        { "GET", "/api/admin/items/{job}" },
        { "GET", "/api/admin/items/{job}?version=1" },
        { "GET", "/api/jobs/{job}?version=1" },
        { "GET", "/api/jobs/{job}?asOf=2100-01-01T00:00:00Z" },
        { "GET", "/api/companies/{company}?version=1" },
        { "GET", "/api/projects/{project}?asOf=2100-01-01T00:00:00Z" },
        { "GET", "/admin" },
        { "GET", "/admin/streams/{job}" },
    };

    private string Url(string route) => route.Replace("{job}", _job.ToString()).Replace("{company}", _company.ToString()).Replace("{project}", _project.ToString());

    private static bool IsPage(string route) => route.StartsWith("/admin", StringComparison.Ordinal);

    [Theory, MemberData(nameof(Routes))]
    public async Task without_a_token_it_is_401(string method, string route)
    {
        var result = await app.Send(IsPage(route) ? 302 : 401, s =>
        {
            if (method == "POST") s.Post.Url(Url(route));
            else s.Get.Url(Url(route));
        });
        // The pages send a browser to the sign-in page instead.
        if (IsPage(route)) result.Context.Response.Headers.Location.ToString().ShouldContain("/admin/login?returnUrl=");
    }

    [Theory, MemberData(nameof(Routes))]
    public async Task with_another_role_it_is_403(string method, string route)
    {
        await app.Send(403, s =>
        {
            if (method == "POST") s.Post.Url(Url(route));
            else s.Get.Url(Url(route));
            s.WithBearerToken(app.VisitorToken);
        });
    }

    [Theory, MemberData(nameof(Routes))]
    public async Task as_an_admin_it_answers(string method, string route)
    {
        if (method == "POST")
        {
            await app.SendAsAdmin(202, s => s.Post.Url(Url(route)));
            await app.WaitForRebuild("CompanyBrowseItem");
            return;
        }
        await app.SendAsAdmin(200, s => s.Get.Url(Url(route)));
    }
}
