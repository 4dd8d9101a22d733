using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Npgsql;

namespace Zumodra.Tests.Fuzzing;

/// <summary>
/// Runs the API cases one after another against the in-memory application and checks each answer: never a 5xx, every 4xx
/// a ProblemDetails (status equal to the response's; a 400 names its fields in <c>errors</c>), and no event appended by a
/// request that was refused. The smallest case of each failure group is then shrunk (query parameters, headers, body
/// dropped while the same failure still happens) so the report shows a minimal repro.
/// </summary>
internal sealed class ApiFuzzer(FuzzApp app, HttpClient client, NpgsqlConnection events) : IAsyncDisposable
{
    public const string ServerError = "server error";
    public const string NoAnswer = "no answer";
    public const string NotProblemDetails = "not ProblemDetails";
    public const string EventsOnRefusal = "events appended by a refused request";
    public const string AcceptedBadInput = "bad input accepted";
    public const string PathCase = "the path's letter case changes the answer";
    public const string CacheableTimeTravel = "a time-travel answer that may be cached";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly string _adminToken = app.AdminToken;
    private readonly string _visitorToken = app.VisitorToken;
    private readonly Dictionary<(string Kind, string Group), ApiCase> _smallest = [];
    private long _events;

    public static async Task<FuzzReport> RunAsync(FuzzApp app)
    {
        var connection = new NpgsqlConnection(app.Database.ConnectionString);
        await connection.OpenAsync();
        await using var fuzzer = new ApiFuzzer(app, app.Host.Server.CreateClient(), connection);
        return await fuzzer.RunAsync();
    }

    private async Task<FuzzReport> RunAsync()
    {
        var report = new FuzzReport("API");
        var operations = Operation.Read(JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement);
        operations.ShouldNotBeEmpty("the OpenAPI document lists the operations to fuzz");
        var ids = new IdPool();
        _events = await CountEvents();
        app.Errors.Take();

        var clock = Stopwatch.StartNew();
        for (var index = 0; index < FuzzSettings.ApiCases; index++)
        {
            var @case = ApiCase.Generate(index, operations, ids);
            var started = clock.Elapsed;
            var (outcome, failures, answer) = await CheckAsync(@case);
            report.Tally(outcome);
            report.Took(clock.Elapsed - started, $"#{index} {outcome}", $"{@case.Method} {@case.Operation.Path}");
            // A count that moved around a refusal may be a message handled in the background (e.g. a company rename
            // cascading to its jobs): the same request must append again to count as a failure.
            if (failures.Any(f => f.Kind == EventsOnRefusal) && !(await CheckAsync(@case)).Failures.Any(f => f.Kind == EventsOnRefusal))
                failures.RemoveAll(f => f.Kind == EventsOnRefusal);
            foreach (var found in failures)
            {
                report.Fail(found.Kind, found.Group, index, @case.ToString());
                if (!_smallest.TryGetValue(found, out var seen) || @case.ToString().Length < seen.ToString().Length) _smallest[found] = @case;
            }
            if (failures.Count == 0 && answer is { Status: >= HttpStatusCode.OK and < HttpStatusCode.Ambiguous } && @case.Method == "POST" && @case.Operation.PathParameters.Count == 0)
                Remember(ids, @case.Operation.Collection, answer.Body);
        }
        report.Cases = FuzzSettings.ApiCases;
        report.Elapsed = clock.Elapsed;
        foreach (var (failure, @case) in _smallest) report.Shrunk(failure.Kind, failure.Group, (await ShrinkAsync(@case, failure)).ToString());
        return report;
    }

    private sealed record Answer(HttpStatusCode Status, string? MediaType, string Body, string? CacheControl = null, bool ETag = false);

    /// <summary>Sends one case and judges the answer: an outcome for the tally, and the failure (kind and group) if any.</summary>
    private async Task<(string Outcome, List<(string Kind, string Group)> Failures, Answer? Answer)> CheckAsync(ApiCase @case)
    {
        var route = $"{@case.Method} {@case.Operation.Path}";
        using var request = @case.ToRequest(_adminToken, _visitorToken);
        using var timeout = new CancellationTokenSource(Patience);
        Answer answer;
        try
        {
            using var response = await client.SendAsync(request, timeout.Token);
            answer = new Answer(response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync(timeout.Token),
                response.Headers.CacheControl?.ToString(), response.Headers.ETag is not null);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            _events = await CountEvents();
            return ("timeout", [(NoAnswer, $"{route}: no answer within {Patience.TotalSeconds} s")], null);
        }
        catch (InvalidOperationException refused) when (refused.Message == "The path contains null characters.")
        {
            // The in-memory server will not build such a request; Kestrel answers it 400 before the application sees it.
            return ("NUL in the path (refused before the application)", [], null);
        }
        catch (Exception thrown)
        {
            // An exception the application let escape: a client would have seen the connection fail.
            app.Errors.Take();
            _events = await CountEvents();
            return ("exception", [(ServerError, $"{route}: the request failed with {thrown.GetType().Name}: {Hostile.Visible(thrown.Message.Split('\n')[0], 160)}")], null);
        }

        var status = (int)answer.Status;
        var logged = app.Errors.Take();
        var before = _events;
        _events = await CountEvents();
        var failures = new List<(string, string)>();
        if (status >= 500)
            failures.Add((ServerError, $"{route} -> {status}: {(logged.Count > 0 ? logged[^1] : "(no exception logged)")}"));
        else if (status >= 400 && @case.Method != "HEAD" && Problem(answer, status) is { } problem)
            failures.Add((NotProblemDetails, $"{route} -> {status}: {problem}"));
        // Time travel is reading one item (GET .../{id}) at a version or an instant.
        var travels = @case.Operation.Path.EndsWith("/{id}", StringComparison.Ordinal) && (@case.Url.Contains("?version=", StringComparison.Ordinal) || @case.Url.Contains("&version=", StringComparison.Ordinal)
            || @case.Url.Contains("?asOf=", StringComparison.Ordinal) || @case.Url.Contains("&asOf=", StringComparison.Ordinal));
        if (status is >= 200 and < 400 && @case.Method == "GET" && travels && (answer.ETag || answer.CacheControl?.Contains("no-store") != true))
            failures.Add((CacheableTimeTravel, $"{route} -> {status}: Cache-Control '{answer.CacheControl}'{(answer.ETag ? " and an ETag" : "")}"));
        if (status is >= 200 and < 300 && @case.MustRefuse is { } reason)
            failures.Add((AcceptedBadInput, $"{route} -> {status}: accepted {reason}"));
        if (status >= 400 && _events != before)
            failures.Add((EventsOnRefusal, $"{route} -> {status}: {await NewEventTypes(before)}"));
        // Compared on reads only: a write sent twice may rightly answer differently the second time.
        if (@case.Method == "GET" && @case.Url.StartsWith("/API/", StringComparison.Ordinal) && failures.Count == 0)
        {
            var lower = await CheckAsync(@case with { Url = "/api/" + @case.Url[5..] });
            if (lower.Answer is { } canonical && (int)canonical.Status != status)
                failures.Add((PathCase, $"{route}: {status} for /API/..., {(int)canonical.Status} for /api/..."));
        }
        return ($"{route} {status}{(status == 400 ? Fields(answer.Body) : "")}", failures, answer);
    }

    /// <summary>Drops query parameters, headers, the body and then the body's members while the same failure still happens.</summary>
    private async Task<ApiCase> ShrinkAsync(ApiCase @case, (string Kind, string Group) failure)
    {
        foreach (var smaller in @case.Smaller())
            if ((await CheckAsync(smaller)).Failures.Contains(failure))
                return await ShrinkAsync(smaller, failure);
        return @case;
    }

    /// <summary>What is wrong with a 4xx answer as ProblemDetails, or null when it is one.</summary>
    private static string? Problem(Answer answer, int status)
    {
        if (answer.MediaType != "application/problem+json") return $"Content-Type is '{answer.MediaType ?? "(none)"}'";
        JsonElement body;
        try
        {
            body = JsonDocument.Parse(answer.Body).RootElement;
        }
        catch (JsonException)
        {
            return "the body is not JSON";
        }
        if (body.ValueKind != JsonValueKind.Object) return "the body is not a JSON object";
        if (!body.TryGetProperty("status", out var said) || said.ValueKind != JsonValueKind.Number || said.GetInt32() != status)
            return $"its status is {(body.TryGetProperty("status", out said) ? said.ToString() : "missing")}";
        if (status == 400 && (!body.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Object))
            return $"a 400 without 'errors' (title: {(body.TryGetProperty("title", out var title) ? title.GetString() : "none")})";
        return null;
    }

    /// <summary>The fields a 400 names, for the tally: which validations the cases reached.</summary>
    private static string Fields(string body)
    {
        try
        {
            return JsonDocument.Parse(body).RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object
                ? $" ({string.Join(", ", errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal))})"
                : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }

    private static void Remember(IdPool ids, string collection, string body)
    {
        try
        {
            if (JsonDocument.Parse(body).RootElement is { ValueKind: JsonValueKind.Object } written
                && written.TryGetProperty("id", out var id) && id.TryGetGuid(out var guid))
                ids.Add(collection, guid);
        }
        catch (JsonException)
        {
            // Not every created answer carries an id; nothing to remember.
        }
    }

    private async Task<long> CountEvents()
    {
        await using var command = new NpgsqlCommand("select count(*) from zumodra.mt_events", events);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<string> NewEventTypes(long skip)
    {
        await using var command = new NpgsqlCommand("select type from zumodra.mt_events order by seq_id offset @skip", events);
        command.Parameters.AddWithValue("skip", skip);
        var types = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) types.Add(reader.GetString(0));
        return $"appended {string.Join(", ", types.Distinct())}";
    }

    public async ValueTask DisposeAsync()
    {
        client.Dispose();
        await events.DisposeAsync();
    }
}
