using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Zumodra.Admin.RebuildingProjections;
using Zumodra.Tests.Infrastructure;
using Zumodra.Tests.Jobs;

namespace Zumodra.Tests.Admin;

/// <summary>What admins do through the admin API and pages.</summary>
public static partial class AdminScenarios
{
    public static async Task<JsonElement> GetAsAdmin(this AppFixture app, string url, int status = 200)
    {
        var result = await app.SendAsAdmin(status, s => s.Get.Url(url));
        return await result.ReadJson();
    }

    public static async Task<JsonElement> StartRebuild(this AppFixture app, string projection, int status = 202)
    {
        var result = await app.SendAsAdmin(status, s => s.Post.Url($"/api/admin/projections/{projection}/rebuild"));
        return await result.ReadJson();
    }

    /// <summary>Polls the status URL until the rebuild has ended; every status seen is handed to <paramref name="seen"/>.</summary>
    public static Task<JsonElement> WaitForRebuild(this AppFixture app, string projection, TimeSpan? timeout = null, Action<JsonElement>? seen = null) =>
        UntilRebuildEnded(projection, () => app.GetAsAdmin($"/api/admin/projections/{projection}/rebuild"), timeout, seen);

    /// <summary>Reads the status of the rebuild until it has ended, wherever it is read from.</summary>
    public static async Task<JsonElement> UntilRebuildEnded(string projection, Func<Task<JsonElement>> read, TimeSpan? timeout = null, Action<JsonElement>? seen = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(2));
        while (true)
        {
            var status = await read();
            seen?.Invoke(status);
            if (status.GetProperty("state").GetString() is var state && state != RebuildStates.Running)
            {
                // An end state always comes whole, with its figures: never "completed" before the phase says done.
                status.GetProperty("finishedAt").ValueKind.ShouldNotBe(JsonValueKind.Null, status.GetRawText());
                if (state == RebuildStates.Completed) status.GetProperty("phase").GetString().ShouldBe(RebuildPhases.Done, status.GetRawText());
                return status;
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The rebuild of {projection} did not end: {status}");
            await Task.Delay(100);
        }
    }

    /// <summary>Rebuilds through the API and waits for the outcome.</summary>
    public static async Task<JsonElement> Rebuild(this AppFixture app, string projection)
    {
        await app.StartRebuild(projection);
        return await app.WaitForRebuild(projection);
    }

    /// <summary>
    /// Signs in on the login page as a browser does (the page's antiforgery token and cookie, then the form) and returns
    /// the response of the form post.
    /// </summary>
    public static async Task<(HttpResponseMessage Response, string? Cookie)> SignIn(this AppFixture app, string handler, Dictionary<string, string> fields)
    {
        var client = app.Host.Server.CreateClient();
        var page = await client.GetAsync("/admin/login");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await page.Content.ReadAsStringAsync();
        var token = AntiforgeryToken().Match(html).Groups[1].Value;
        var antiforgeryCookie = page.Headers.GetValues("Set-Cookie").Select(x => x.Split(";")[0]).First(x => x.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));

        using var form = new HttpRequestMessage(HttpMethod.Post, $"/admin/login?handler={handler}")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token }),
        };
        form.Headers.Add("Cookie", antiforgeryCookie);
        var response = await client.SendAsync(form);
        var cookie = response.Headers.TryGetValues("Set-Cookie", out var cookies)
            ? cookies.FirstOrDefault(x => x.StartsWith("zumodra_admin=", StringComparison.Ordinal))
            : null;
        return (response, cookie);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    /// <summary>Every document of a table as PostgreSQL holds it: the data (jsonb, so key order does not matter) and the version.</summary>
    public static async Task<Dictionary<Guid, (string Data, long Version)>> Documents(this AppFixture app, string table)
    {
        await using var connection = new NpgsqlConnection(app.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select id, data::text, mt_version from {table}", connection);
        var documents = new Dictionary<Guid, (string, long)>();
        await using var rows = await command.ExecuteReaderAsync();
        while (await rows.ReadAsync()) documents[rows.GetGuid(0)] = (rows.GetString(1), rows.GetInt64(2));
        return documents;
    }

    public static async Task<int> Sql(this AppFixture app, string sql)
    {
        await using var connection = new NpgsqlConnection(app.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteNonQueryAsync();
    }

    public static string TableOf<T>(this AppFixture app) =>
        app.Host.Services.GetRequiredService<IDocumentStore>().Options.FindOrResolveDocumentType(typeof(T)).TableName.QualifiedName;

    public static async Task<long> HighWaterMark(this AppFixture app) =>
        (await app.GetAsAdmin("/api/admin/projections")).GetProperty("highWaterMark").GetInt64();
}
