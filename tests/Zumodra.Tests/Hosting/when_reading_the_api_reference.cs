using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Zumodra.Tests.Browser;
using Zumodra.Tests.Infrastructure;

namespace Zumodra.Tests.Hosting;

public sealed class ApiReferenceApp() : AppFixture("apidocs");

[CollectionDefinition(Name)]
public sealed class ApiReferenceCollection : ICollectionFixture<ApiReferenceApp>
{
    public const string Name = "apidocs";
}

/// <summary><c>/api/docs</c> (Scalar), the OpenAPI document under it, and the <c>docs/http</c> request files.</summary>
[Collection(ApiReferenceCollection.Name)]
public sealed partial class when_reading_the_api_reference(ApiReferenceApp app)
{
    private readonly HttpClient _http = app.Host.Server.CreateClient();

    [Fact]
    public async Task the_docs_page_is_html_that_loads_only_scripts_this_host_serves()
    {
        var redirect = await _http.GetAsync("/api/docs");
        redirect.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        redirect.Headers.Location!.ToString().ShouldBe("docs/");
        var response = await _http.GetAsync("/api/docs/");
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        response.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("script-src 'self' 'nonce-");

        var scripts = ScriptSource().Matches(html).Select(x => x.Groups[1].Value).ToList();
        scripts.ShouldNotBeEmpty(html);
        foreach (var script in scripts)
        {
            Uri.TryCreate(script, UriKind.Absolute, out var absolute).ShouldBeFalse($"{script} is not served by this host");
            (await _http.GetAsync(new Uri(new Uri("http://localhost/api/docs/"), script))).StatusCode.ShouldBe(HttpStatusCode.OK, script);
        }
        html.ShouldNotContain("cdn.", Case.Insensitive);
        html.ShouldContain("openapi/v1.json");
    }

    [Fact]
    public async Task the_openapi_document_has_the_admin_bearer_scheme_and_the_shapes_of_posting_and_browsing_jobs()
    {
        var document = JsonDocument.Parse(await _http.GetStringAsync("/openapi/v1.json")).RootElement;
        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        var bearer = schemes.GetProperty("Bearer");
        bearer.GetProperty("type").GetString().ShouldBe("http");
        bearer.GetProperty("scheme").GetString().ShouldBe("bearer");
        bearer.GetProperty("bearerFormat").GetString().ShouldBe("JWT");

        var post = document.GetProperty("paths").GetProperty("/api/jobs").GetProperty("post");
        post.GetProperty("security")[0].TryGetProperty("Bearer", out _).ShouldBeTrue();
        var body = post.GetProperty("requestBody").GetProperty("content").GetProperty("application/json");
        Properties(document, body.GetProperty("schema")).ShouldContain("title");
        body.GetProperty("example").GetProperty("jobType").GetString().ShouldBe("full_time");
        string[] created = ["id", "version"];
        created.ShouldBeSubsetOf(Properties(document, Json(post.GetProperty("responses").GetProperty("201")).GetProperty("schema")));

        var browse = document.GetProperty("paths").GetProperty("/api/jobs").GetProperty("get");
        browse.TryGetProperty("security", out _).ShouldBeFalse("browsing is public");
        string[] parameters = ["search", "location", "type", "remote", "companyId", "sort", "page", "pageSize"];
        parameters.ShouldBeSubsetOf(browse.GetProperty("parameters").EnumerateArray().Select(x => x.GetProperty("name").GetString()!));
        var page = Resolve(document, Json(browse.GetProperty("responses").GetProperty("200")).GetProperty("schema"));
        Properties(document, page).ShouldBe(["items", "total", "page", "pageSize"], ignoreOrder: true);
        string[] item = ["id", "title", "companyName", "jobType", "postedAt", "version"];
        item.ShouldBeSubsetOf(Properties(document, page.GetProperty("properties").GetProperty("items").GetProperty("items")));

        var logo = document.GetProperty("paths").GetProperty("/api/companies/{id}/logo").GetProperty("put");
        logo.GetProperty("requestBody").GetProperty("content").EnumerateObject().Select(x => x.Name).ShouldContain("image/png");
    }

    [Fact]
    public void every_write_route_under_api_has_a_request_in_docs_http()
    {
        var requests = Directory.GetFiles(Path.Combine(BrowserApp.RepositoryRoot, "docs", "http"), "*.http")
            .SelectMany(File.ReadAllLines)
            .Select(line => HttpFileRequest().Match(line))
            .Where(x => x.Success)
            .Select(x => (Method: x.Groups[1].Value, Path: Variable().Replace(x.Groups[2].Value, "{}")))
            .ToList();
        var writes = app.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(x => x.RoutePattern.RawText is { } raw && raw.TrimStart('/').StartsWith("api/", StringComparison.Ordinal))
            .SelectMany(x => (x.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(method => (Method: method, Route: "/" + x.RoutePattern.RawText!.TrimStart('/'))))
            .Where(x => !HttpMethods.IsGet(x.Method) && !HttpMethods.IsHead(x.Method))
            .ToList();

        writes.Count.ShouldBeGreaterThan(15);
        var missing = writes.Where(write =>
        {
            var route = new Regex("^" + RouteParameter().Replace(Regex.Escape(write.Route).Replace(@"\{", "{"), "[^/]+") + "$");
            return !requests.Any(request => request.Method == write.Method && route.IsMatch(request.Path));
        });
        missing.Select(x => $"{x.Method} {x.Route}").ShouldBeEmpty("write routes without a request in docs/http/*.http");
    }

    private static JsonElement Json(JsonElement response) => response.GetProperty("content").GetProperty("application/json");

    private static JsonElement Resolve(JsonElement document, JsonElement schema) =>
        schema.TryGetProperty("$ref", out var reference)
            ? document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1])
            : schema;

    private static List<string> Properties(JsonElement document, JsonElement schema) =>
        [.. Resolve(document, schema).GetProperty("properties").EnumerateObject().Select(x => x.Name)];

    [GeneratedRegex("""<script[^>]*\bsrc="([^"]+)"[^>]*>""")]
    private static partial Regex ScriptSource();

    /// <summary>A request line of an .http file: <c>POST {{host}}/api/jobs/{{jobId}}/close</c>.</summary>
    [GeneratedRegex(@"^(GET|POST|PUT|PATCH|DELETE) \{\{host\}\}(\S+)")]
    private static partial Regex HttpFileRequest();

    [GeneratedRegex(@"\{\{[^}]+\}\}")]
    private static partial Regex Variable();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex RouteParameter();
}
