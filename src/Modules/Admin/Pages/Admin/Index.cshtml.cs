using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Zumodra.Admin.BrowsingHistory;
using Zumodra.Admin.FollowingEvents;
using Zumodra.Admin.ListingProjections;
using Zumodra.Admin.RebuildingProjections;
using Zumodra.Admin.Security;
using Zumodra.BuildingBlocks;

namespace Zumodra.Admin.Pages.Admin;

/// <summary>
/// <c>/admin</c>: find a stream by id or by text, the projections with their Rebuild buttons and progress, and the
/// newest events (the page's script follows the feed and the rebuilds).
/// </summary>
[AdminOnly, AdminPageHeaders]
public sealed class AdminIndexModel(ProjectionOverview overview, EventFeed feed, StreamHistory history, ProjectionRebuilds rebuilds, IDocumentStore store)
    : PageModel
{
    public const int FeedSize = 50;

    public const int MaxQueryLength = 200;

    /// <summary><c>?q=</c>: a stream id, or text to find in events.</summary>
    public string? Query { get; private set; }

    /// <summary><c>?started=</c>: the projection whose rebuild the Rebuild button just started.</summary>
    public string? Started { get; private set; }

    public ProjectionsOverview Projections { get; private set; } = null!;

    public IReadOnlyList<StreamEvent> Latest { get; private set; } = [];

    public IReadOnlyList<StreamSearchHit>? Hits { get; private set; }

    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellation)
    {
        // Read as strictly as the API reads its parameters: PostgreSQL cannot search for a NUL, and a bad value is shown, not run.
        var parameters = new QueryReader(Request.Query);
        Query = parameters.Text("q", int.MaxValue);
        Started = parameters.Text("started");
        if (!parameters.Errors.IsEmpty)
        {
            Message = string.Join(" ", parameters.Errors.Messages());
            Query = Started = null;
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        else if (Query is { } text)
        {
            if (Guid.TryParse(text, out var id))
            {
                await using var session = store.QuerySession();
                if (await session.Events.FetchStreamStateAsync(id, cancellation) is not null) return Redirect($"/admin/streams/{id}");
                Message = $"No stream has id {id}.";
                Hits = [];
            }
            else
            {
                Hits = text.Length > MaxQueryLength ? [] : await history.SearchAsync(text, cancellation);
            }
        }
        if (Started is not null) Message ??= $"Rebuild of {Started} started.";
        Projections = await overview.ReadAsync(cancellation);
        Latest = await feed.LatestAsync(FeedSize, cancellation);
        return Page();
    }

    /// <summary>The Rebuild button. Plain form posts come back to the page; the page's script asks for JSON and follows the status URL.</summary>
    public async Task<IActionResult> OnPostRebuildAsync(string name, CancellationToken cancellation)
    {
        var start = await rebuilds.StartAsync(name, User.Identity?.Name, cancellation);
        var wantsJson = Request.Headers.Accept.Any(x => x?.Contains("application/json", StringComparison.OrdinalIgnoreCase) == true);
        var status = start.Outcome switch
        {
            RebuildStartOutcome.Started => StatusCodes.Status202Accepted,
            RebuildStartOutcome.AlreadyRunning => StatusCodes.Status409Conflict,
            RebuildStartOutcome.NotRebuildable => StatusCodes.Status400BadRequest,
            _ => StatusCodes.Status404NotFound,
        };
        if (wantsJson)
            return new JsonResult(new { outcome = start.Outcome.ToString(), statusUrl = RebuildStatusResponse.UrlOf(start.Projection), reason = start.Reason })
            {
                StatusCode = status,
            };
        return status is StatusCodes.Status202Accepted or StatusCodes.Status409Conflict
            ? Redirect($"/admin?started={Uri.EscapeDataString(start.Projection)}")
            : NotFound();
    }
}
