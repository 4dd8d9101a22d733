using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CsCheck;

namespace Zumodra.Tests.Fuzzing;

/// <summary>One generated HTTP request: an operation of the OpenAPI document with random and edge inputs.</summary>
internal sealed record ApiCase(
    int Index, Operation Operation, string Method, string Url, string Auth, IReadOnlyList<(string Name, string Value)> Headers,
    string? ContentType, byte[]? Body, string BodyShown)
{
    /// <summary>Why the application must refuse this request (a 2xx is a failure), when the generator knows: e.g. duplicate keys.</summary>
    public string? MustRefuse { get; init; }

    private static readonly string[] QueryNames =
    [
        "search", "location", "category", "type", "remote", "sort", "page", "pageSize", "companyId", "industry", "skill", "budgetMin",
        "budgetMax", "near", "radiusKm", "version", "asOf", "after", "before", "q", "limit", "take", "channel", "stream", "size",
    ];

    private static readonly string[] IfMatch = ["\"1\"", "\"0\"", "W/\"1\"", "*", "\"-1\"", "\"9223372036854775808\"", "abc", "\"\"", "1"];

    private static readonly string[] OtherContentTypes =
    [
        "text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin1", "multipart/form-data; boundary=x",
        "application/problem+json", "application/json-seq", "application/xml", "*/*", "application/jsonx",
    ];

    private static readonly string[] OtherMethods = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];

    /// <summary>Maximum request body (Kestrel's limit in the application).</summary>
    private const int BodyLimit = 1024 * 1024;

    /// <summary>The case <paramref name="index"/> of the run: it depends only on the seed, its index and the ids created so far.</summary>
    public static ApiCase Generate(int index, IReadOnlyList<Operation> operations, IdPool ids)
    {
        var random = new Draw(new PCG((uint)index, FuzzSettings.Seed));
        var operation = random.Pick(operations);
        var method = random.Chance(3) ? random.Pick(OtherMethods) : operation.Method;

        var path = operation.Path;
        foreach (var parameter in operation.PathParameters)
        {
            var value = parameter == "id" ? random.From(Hostile.Id(ids.For(operation.Collection))) : random.From(Hostile.Text);
            path = path.Replace("{" + parameter + "}", random.Chance(5) ? Hostile.Escape(value) + random.Pick("%FF", "%C0%80", "%00", "%2F..", "%") : Hostile.Escape(value));
        }
        var query = new List<string>();
        for (var i = random.Int(7); i > 0; i--)
        {
            var name = random.Chance(75) ? random.Pick(QueryNames) : Hostile.Trim(random.From(Hostile.Text), 40);
            var repeats = random.Chance(15) ? 2 + random.Int(3) : 1;
            for (var r = 0; r < repeats; r++) query.Add($"{Hostile.Escape(name)}={Hostile.Escape(random.From(Hostile.Text))}");
        }
        // Routing matches paths case-insensitively; a check keyed on the lower-case path (time travel, admin) must too.
        if (random.Chance(4)) path = path.Replace("/api/", "/API/", StringComparison.Ordinal);
        if (random.Chance(8) && operation.Method == "GET" && operation.PathParameters.Count > 0)
            query.Add(random.Chance(50) ? $"version={random.Pick("1", "2", "0")}" : $"asOf={Hostile.Escape(DateTime.UtcNow.AddMinutes(-random.Int(60)).ToString("O"))}");
        var url = query.Count == 0 ? path : $"{path}?{string.Join('&', query)}";

        var auth = random.Int(100) switch
        {
            < 50 => "admin",
            < 90 => "anonymous",
            < 95 => "visitor",
            _ => "garbage",
        };
        var headers = operation.HeaderParameters.Where(_ => random.Chance(40))
            .Select(h => (h, random.Chance(70) ? random.Pick(IfMatch) : Printable(random.From(Hostile.Text)))).ToList();

        if (operation.Body is null && !random.Chance(5)) return new ApiCase(index, operation, method, url, auth, headers, null, null, "");
        var (body, contentType, mustRefuse) = GenerateBody(random, operation.Body ?? []);
        var bytes = Encoding.UTF8.GetBytes(body);
        if (random.Chance(3)) bytes = [.. bytes.Take(bytes.Length / 2), 0xFF, 0xFE, 0xC0, 0x80, .. bytes.Skip(bytes.Length / 2)];
        return new ApiCase(index, operation, method, url, auth, headers, contentType, bytes, body)
        {
            MustRefuse = operation.Body is null || method != operation.Method ? null : mustRefuse,
        };
    }

    private static (string Body, string? ContentType, string? MustRefuse) GenerateBody(Draw random, IReadOnlyList<BodyField> fields)
    {
        var contentType = random.Int(100) switch
        {
            < 70 => "application/json",
            < 80 => "application/json; charset=utf-8",
            < 88 => null,
            _ => random.Pick(OtherContentTypes),
        };
        var body = random.Int(100) switch
        {
            < 5 => "",
            < 10 => random.Pick("not json", "{", "}", "[", "{\"title\":", "{'title':'a'}", "title=a&jobType=full_time", "\0", "{} {}", "[]", "null", "\"a\"", "1", "{\"a\":1,}", "\ufeff{}"),
            < 20 => random.From(Hostile.AnyJson(3)).ToString(),
            < 23 => Fill(random, fields, BodyLimit - 4096),
            < 24 => Fill(random, fields, BodyLimit + 4096),
            _ => null,
        };
        var json = body is null ? SchemaObject(random, fields) : null;
        var notJson = contentType is null || NotJsonTypes.Contains(contentType);
        return (body ?? json!.ToString(), contentType, notJson ? "a body without Content-Type: application/json" : Malformed(json, fields));
    }

    private static readonly string[] NotJsonTypes =
        ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json-seq", "application/xml", "*/*", "application/jsonx"];

    /// <summary>What makes a schema object one the application must refuse although it reads it: a repeated key, a number or boolean written as a string.</summary>
    private static string? Malformed(JsonText? json, IReadOnlyList<BodyField> fields)
    {
        if (json is not JsonText.Obj { Members: var members }) return null;
        if (members.GroupBy(m => m.Name, StringComparer.OrdinalIgnoreCase).Any(g => g.Count() > 1)) return "duplicate JSON keys";
        foreach (var (name, value) in members)
        {
            var types = fields.FirstOrDefault(f => f.Name == name)?.Types ?? [];
            if (value is JsonText.Str && (types.Contains("number") || types.Contains("integer"))) return $"'{name}' (a number) sent as a string";
        }
        return null;
    }

    /// <summary>A valid-looking object with one string field grown to about <paramref name="size"/> bytes.</summary>
    private static string Fill(Draw random, IReadOnlyList<BodyField> fields, int size)
    {
        var members = fields.Select(f => (f.Name, random.From(Hostile.Plausible(f)))).ToList();
        var text = fields.FirstOrDefault(f => f.Types.Contains("string"))?.Name ?? "filler";
        members.Add((text, Hostile.Str(new string(random.Pick('x', 'é', ' '), size / 2))));
        return new JsonText.Obj(members).ToString();
    }

    /// <summary>The request schema's object with random values, missing required fields, extra and duplicate keys, wrong types.</summary>
    private static JsonText SchemaObject(Draw random, IReadOnlyList<BodyField> fields)
    {
        if (random.Chance(50)) return NearlyValid(random, fields);
        var members = new List<(string, JsonText)>();
        foreach (var field in fields)
        {
            if (!random.Chance(field.Required ? 90 : 70)) continue;
            members.Add((field.Name, random.Int(100) switch
            {
                < 55 => random.From(Hostile.Plausible(field)),
                < 85 => Typed(random, field),
                _ => random.From(Hostile.AnyJson(2)),
            }));
        }
        if (random.Chance(20))
            for (var i = 1 + random.Int(3); i > 0; i--) members.Add((Hostile.Trim(random.From(Hostile.Text), 40), random.From(Hostile.AnyJson(2))));
        if (random.Chance(10) && members.Count > 0)
        {
            var (name, _) = members[random.Int(members.Count)];
            members.Insert(random.Int(members.Count + 1), (name, random.From(Hostile.Plausible(name))));
        }
        if (random.Chance(5)) return new JsonText.Arr([new JsonText.Obj(members)]);
        return new JsonText.Obj(members);
    }

    /// <summary>Plausible values everywhere (so writes succeed and later cases reach existing items), at most one field made hostile.</summary>
    private static JsonText NearlyValid(Draw random, IReadOnlyList<BodyField> fields)
    {
        var members = fields.Where(f => f.Required || random.Chance(50)).Select(f => (f.Name, random.From(Hostile.Plausible(f)))).ToList();
        if (members.Count > 0 && random.Chance(50))
        {
            var at = random.Int(members.Count);
            var field = fields.First(f => f.Name == members[at].Name);
            members[at] = (field.Name, random.Chance(80) ? Typed(random, field) : random.From(Hostile.AnyJson(1)));
        }
        else if (members.Count > 0 && random.Chance(30))
        {
            var (name, _) = members[random.Int(members.Count)];
            var field = fields.First(f => f.Name == name);
            members.Insert(random.Int(members.Count + 1), (random.Chance(80) ? name : name.ToUpperInvariant(), random.From(Hostile.Plausible(field))));
        }
        return new JsonText.Obj(members);
    }

    /// <summary>A hostile value of the field's declared type, or that type's value written as a string.</summary>
    private static JsonText Typed(Draw random, BodyField field)
    {
        var type = random.Pick(field.Types);
        return type switch
        {
            "number" or "integer" => random.Chance(30)
                ? Hostile.Str(random.Pick("123", "1.5", "-1", "1e309", "NaN", " 5"))
                : new JsonText.Raw(random.Pick("0", "-1", "1e309", "-1e309", "1.5", "2147483648", "9223372036854775808", "-0", "1e-400", "99999999999999999999")),
            "boolean" => random.Chance(50) ? Hostile.Str(random.Pick("true", "false", "1", "yes")) : new JsonText.Raw(random.Pick("0", "1")),
            "array" => new JsonText.Arr([.. Enumerable.Range(0, random.Int(6)).Select(_ => random.From(Hostile.Scalar))]),
            "null" => JsonText.Null,
            _ when field.Format == "uuid" => Hostile.Str(random.From(Hostile.Id([]))),
            _ when field.Format == "date-time" => Hostile.Str(random.Pick("2024-13-45", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "yesterday", "", DateTime.UtcNow.AddYears(-1).ToString("O"))),
            _ => random.Chance(80) ? Hostile.Str(random.From(Hostile.Text)) : new JsonText.Str(random.From(Hostile.Text), Literal: true),
        };
    }

    /// <summary>A header value HttpClient will send (it refuses CR, LF and NUL there; those reach the server in other places).</summary>
    private static string Printable(string value) => new([.. value.Where(c => c is >= ' ' and < '\u007f').Take(200)]);

    /// <summary>Simpler variants of this case, for shrinking: without the query, a parameter, the headers, the body or one body member.</summary>
    public IEnumerable<ApiCase> Smaller()
    {
        var parts = Url.Split('?', 2);
        if (parts.Length == 2)
        {
            yield return this with { Url = parts[0] };
            var parameters = parts[1].Split('&');
            for (var i = 0; parameters.Length > 1 && i < parameters.Length; i++)
                yield return this with { Url = $"{parts[0]}?{string.Join('&', parameters.Where((_, at) => at != i))}" };
        }
        if (Headers.Count > 0) yield return this with { Headers = [] };
        if (Body is null) yield break;
        yield return this with { Body = null, ContentType = null, BodyShown = "" };
        // Without a member the body may no longer be malformed: only a reason that is about the Content-Type still holds.
        var stillRefused = ContentType is null || NotJsonTypes.Contains(ContentType) ? MustRefuse : null;
        foreach (var text in BodiesWithOneMemberLess(Body))
            yield return this with { Body = Encoding.UTF8.GetBytes(text), BodyShown = text, MustRefuse = stillRefused };
    }

    /// <summary>The body without each of its members in turn; none when it is not a readable JSON object.</summary>
    private static List<string> BodiesWithOneMemberLess(byte[] body)
    {
        try
        {
            var json = JsonDocument.Parse(body).RootElement;
            if (json.ValueKind != JsonValueKind.Object) return [];
            var members = json.EnumerateObject().ToList();
            return [.. members.Select((_, i) =>
                "{" + string.Join(',', members.Where((_, at) => at != i).Select(m => $"{new JsonText.Str(m.Name)}:{m.Value.GetRawText()}")) + "}")];
        }
        catch (Exception unreadable) when (unreadable is JsonException or InvalidOperationException or ArgumentException)
        {
            return [];
        }
    }

    public HttpRequestMessage ToRequest(string adminToken, string visitorToken)
    {
        var request = new HttpRequestMessage(new HttpMethod(Method), Url);
        var token = Auth switch
        {
            "admin" => adminToken,
            "visitor" => visitorToken,
            "garbage" => "eyJhbGciOiJub25lIn0.eyJyb2xlIjoiYWRtaW4ifQ.",
            _ => null,
        };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        foreach (var (name, value) in Headers) request.Headers.TryAddWithoutValidation(name, value);
        if (Body is not null)
        {
            request.Content = new ByteArrayContent(Body);
            if (ContentType is not null) request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        }
        return request;
    }

    /// <summary>The request as a reader of a failure needs it, with invisible characters made visible.</summary>
    public override string ToString()
    {
        var text = new StringBuilder($"{Method} {Hostile.Visible(Url, 200)} as {Auth}");
        foreach (var (name, value) in Headers) text.Append($"; {name}: {Hostile.Visible(value, 60)}");
        if (Body is not null) text.Append($"; Content-Type: {ContentType ?? "(none)"}; body ({Body.Length} bytes): {Hostile.Visible(BodyShown, 300)}");
        return text.ToString();
    }
}

/// <summary>Choices for one case, all from its own <see cref="PCG"/> so the case can be replayed.</summary>
internal sealed class Draw(PCG pcg)
{
    public int Int(int below) => below <= 0 ? 0 : (int)pcg.Next((uint)below);

    public bool Chance(int percent) => Int(100) < percent;

    public T Pick<T>(IReadOnlyList<T> items) => items[Int(items.Count)];

    public T Pick<T>(params T[] items) => items[Int(items.Length)];

    public T From<T>(Gen<T> gen) => gen.Generate(pcg, null!, out _);
}

/// <summary>Ids of items the run created, per collection, so later cases reach existing items.</summary>
internal sealed class IdPool
{
    private readonly Dictionary<string, List<Guid>> _byCollection = new(StringComparer.Ordinal);
    private readonly List<Guid> _all = [];

    public IReadOnlyList<Guid> For(string collection) =>
        _byCollection.TryGetValue(collection, out var ids) && ids.Count > 0 ? ids : _all;

    public void Add(string collection, Guid id)
    {
        if (!_byCollection.TryGetValue(collection, out var ids)) _byCollection[collection] = ids = [];
        ids.Add(id);
        _all.Add(id);
    }
}
