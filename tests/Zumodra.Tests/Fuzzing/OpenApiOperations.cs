using System.Text.Json;

namespace Zumodra.Tests.Fuzzing;

/// <summary>A body field from the request schema: its name, JSON types (e.g. ["null", "string"]) and whether it is required.</summary>
internal sealed record BodyField(string Name, IReadOnlyList<string> Types, bool Required, string? Format);

/// <summary>One operation of the application's OpenAPI document (path + method), with what a request to it can carry.</summary>
internal sealed record Operation(
    string Method, string Path, IReadOnlyList<string> PathParameters, IReadOnlyList<string> HeaderParameters,
    IReadOnlyList<string> QueryParameters, IReadOnlyList<BodyField>? Body)
{
    public override string ToString() => $"{Method} {Path}";

    /// <summary>The collection an id in this path belongs to (<c>/api/jobs</c> for <c>/api/jobs/{id}/close</c>).</summary>
    public string Collection => Path.Split("/{")[0];

    /// <summary>Reads every operation from <c>/openapi/v1.json</c>, resolving <c>$ref</c> request schemas.</summary>
    public static List<Operation> Read(JsonElement document)
    {
        var schemas = document.TryGetProperty("components", out var components) && components.TryGetProperty("schemas", out var found)
            ? found
            : default;
        var operations = new List<Operation>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        foreach (var method in path.Value.EnumerateObject())
        {
            if (method.Name == "parameters") continue;
            var parameters = method.Value.TryGetProperty("parameters", out var list) ? list.EnumerateArray().ToList() : [];
            List<string> In(string where) =>
                [.. parameters.Where(p => p.GetProperty("in").GetString() == where).Select(p => p.GetProperty("name").GetString()!)];
            operations.Add(new Operation(method.Name.ToUpperInvariant(), path.Name, In("path"), In("header"), In("query"), BodyOf(method.Value, schemas)));
        }
        return operations;
    }

    private static List<BodyField>? BodyOf(JsonElement operation, JsonElement schemas)
    {
        if (!operation.TryGetProperty("requestBody", out var body)) return null;
        if (!body.TryGetProperty("content", out var content) || !content.TryGetProperty("application/json", out var json)) return [];
        var schema = Resolve(json.GetProperty("schema"), schemas);
        if (!schema.TryGetProperty("properties", out var properties)) return [];
        var required = schema.TryGetProperty("required", out var names) ? names.EnumerateArray().Select(n => n.GetString()).ToHashSet() : [];
        return [.. properties.EnumerateObject().Select(p =>
        {
            var property = Resolve(p.Value, schemas);
            var types = property.TryGetProperty("type", out var type)
                ? type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToList() : [type.GetString()!]
                : ["object"];
            return new BodyField(p.Name, types, required.Contains(p.Name), property.TryGetProperty("format", out var format) ? format.GetString() : null);
        })];
    }

    private static JsonElement Resolve(JsonElement schema, JsonElement schemas) =>
        schema.TryGetProperty("$ref", out var reference) && schemas.ValueKind == JsonValueKind.Object
            ? schemas.GetProperty(reference.GetString()!.Split('/')[^1])
            : schema;
}
