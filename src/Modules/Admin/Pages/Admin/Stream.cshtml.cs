using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Zumodra.Admin.BrowsingHistory;
using Zumodra.Admin.Catalog;
using Zumodra.Admin.Security;
using Zumodra.BuildingBlocks;

namespace Zumodra.Admin.Pages.Admin;

/// <summary>One change a version made to a read model: a field with its value before and after (null: absent).</summary>
public sealed record FieldChange(string Field, string? Before, string? After);

/// <summary>What one event did to one read model.</summary>
/// <param name="Change"><c>created</c>, <c>updated</c>, <c>removed</c> or <c>unchanged</c>.</param>
public sealed record DocumentChange(string Projection, string Change, IReadOnlyList<FieldChange> Fields);

public sealed record TimelineEntry(StreamEvent Event, string DataJson, IReadOnlyList<DocumentChange> Changes);

/// <summary><c>/admin/streams/{id}</c>: the stream's timeline, each event with its data and what it changed in every read model.</summary>
[AdminOnly, AdminPageHeaders]
public sealed class AdminStreamModel(StreamHistory history, ProjectionCatalog catalog, IDocumentStore store) : PageModel
{
    private static readonly JsonSerializerOptions Indented = new(JsonSerializerOptions.Web) { WriteIndented = true };

    public StreamHistoryView Stream { get; private set; } = null!;

    public IReadOnlyList<TimelineEntry> Timeline { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellation)
    {
        if (await history.LoadAsync(id, cancellation) is not { } stream) return NotFound();
        Stream = stream;

        await using var session = store.QuerySession();
        var events = await session.Events.FetchStreamAsync(id, token: cancellation);
        var states = catalog.Documents.ToDictionary(x => x, _ => (State: (object?)null, Json: (JsonElement?)null));
        var timeline = new List<TimelineEntry>();
        for (var i = 0; i < events.Count; i++)
        {
            var changes = new List<DocumentChange>();
            foreach (var document in catalog.Documents)
            {
                var (state, before) = states[document];
                if (!document.Accepts(events[i])) continue;
                var after = await document.ApplyAsync(session, state, [events[i]], cancellation);
                JsonElement? afterJson = after is null ? null : JsonSerializer.SerializeToElement(after, document.DocumentType, JsonSerializerOptions.Web);
                states[document] = (after, afterJson);
                if (before is null && afterJson is null) continue;
                changes.Add(Compare(document.ProjectionName, before, afterJson));
            }
            timeline.Add(new TimelineEntry(stream.Events[i], JsonSerializer.Serialize(stream.Events[i].Data, Indented), changes));
        }
        Timeline = timeline;
        return Page();
    }

    private static DocumentChange Compare(string projection, JsonElement? before, JsonElement? after)
    {
        var old = Flatten(before);
        var now = Flatten(after);
        var fields = old.Keys.Union(now.Keys).Order(StringComparer.Ordinal)
            .Select(key => new FieldChange(key, old.GetValueOrDefault(key), now.GetValueOrDefault(key)))
            .Where(x => x.Before != x.After)
            .ToList();
        var change = before is null ? "created" : after is null ? "removed" : fields.Count == 0 ? "unchanged" : "updated";
        return new DocumentChange(projection, change, fields);
    }

    /// <summary>Every leaf of the document by its path (<c>details.title</c>, <c>skills[0]</c>), as JSON text.</summary>
    internal static Dictionary<string, string> Flatten(JsonElement? element)
    {
        var leaves = new Dictionary<string, string>(StringComparer.Ordinal);
        if (element is { } root) Walk(root, "", leaves);
        return leaves;
    }

    private static void Walk(JsonElement element, string path, Dictionary<string, string> leaves)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject()) Walk(property.Value, path.Length == 0 ? property.Name : $"{path}.{property.Name}", leaves);
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray()) Walk(item, $"{path}[{index++}]", leaves);
                if (index == 0) leaves[path] = "[]";
                break;
            case JsonValueKind.Null:
                break;
            default:
                leaves[path] = element.GetRawText();
                break;
        }
    }
}
