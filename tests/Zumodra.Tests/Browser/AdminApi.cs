using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Zumodra.Companies;
using Zumodra.Jobs;
using Zumodra.Projects;
using Zumodra.Tests.Infrastructure;

namespace Zumodra.Tests.Browser;

/// <summary>Admin changes through the real API, as the pages' visitors would see them happen, and the browse API's totals.</summary>
public static class AdminApi
{
    public static JobForm AJob(string title, string category = "Engineering", string jobType = "full_time",
        double? latitude = 52.52, double? longitude = 13.405, string location = "Berlin, Germany") => new(
        title, "A job posted while a browser was watching.", null, "Watcher GmbH", location, latitude, longitude,
        category, jobType, false, 70000, 90000, "EUR");

    public static CompanyForm ACompany(string name, string industry = "Robotics", double latitude = 48.208, double longitude = 16.373) =>
        new(name, industry, "A company registered while a browser was watching.", "https://watcher.example.com", "11-50",
            "Vienna, Austria", latitude, longitude);

    public static ProjectForm AProject(string title, string category = "Design", double latitude = 48.208, double longitude = 16.373) =>
        new(title, "A project published while a browser was watching.", null, "Watcher GmbH", category, ["Figma", "UX Design"],
            2000, 4000, "EUR", "Vienna, Austria", latitude, longitude, true, null);

    public static Task<Guid> PostJob(this LiveServer server, JobForm form) => server.PostAsync("/api/jobs", form);

    public static Task EditJob(this LiveServer server, Guid id, JobForm form) => server.AdminAsync(HttpMethod.Put, $"/api/jobs/{id}", form);

    public static Task DeleteJob(this LiveServer server, Guid id) => server.AdminAsync(HttpMethod.Delete, $"/api/jobs/{id}");

    /// <summary>Uploads a company's logo: the image is the body.</summary>
    public static async Task UploadLogo(this LiveServer server, Guid company, byte[] image)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/companies/{company}/logo") { Content = new ByteArrayContent(image) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", server.AdminToken);
        using var response = await server.Http.SendAsync(request);
        response.IsSuccessStatusCode.ShouldBeTrue($"logo of {company}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public static async Task<Guid> PostAsync(this LiveServer server, string path, object body)
    {
        using var response = await server.AdminAsync(HttpMethod.Post, path, body);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("id").GetGuid();
    }

    public static async Task<HttpResponseMessage> AdminAsync(this LiveServer server, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", server.AdminToken);
        if (body is not null) request.Content = JsonContent.Create(body);
        var response = await server.Http.SendAsync(request);
        response.IsSuccessStatusCode.ShouldBeTrue($"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response;
    }

    /// <summary>The browse API's total for a path and query string, e.g. <c>/api/jobs?remote=true</c>, to compare with what a page shows.</summary>
    public static async Task<long> TotalAsync(this LiveServer server, string pathAndQuery)
    {
        using var json = JsonDocument.Parse(await server.Http.GetStringAsync(pathAndQuery));
        return json.RootElement.GetProperty("total").GetInt64();
    }

    /// <summary>The ids of the items the browse API lists for a path and query string, in its order.</summary>
    public static async Task<List<string>> IdsAsync(this LiveServer server, string pathAndQuery)
    {
        using var json = JsonDocument.Parse(await server.Http.GetStringAsync(pathAndQuery));
        return [.. json.RootElement.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetString()!)];
    }

    /// <summary>How many markers the map API serves for a path and query string, e.g. <c>/api/companies/map</c>.</summary>
    public static async Task<int> FeaturesAsync(this LiveServer server, string pathAndQuery)
    {
        using var json = JsonDocument.Parse(await server.Http.GetStringAsync(pathAndQuery));
        return json.RootElement.GetProperty("features").GetArrayLength();
    }
}
