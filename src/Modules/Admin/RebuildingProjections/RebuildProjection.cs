using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;
using Zumodra.Admin.Catalog;
using Zumodra.Admin.Security;
using Zumodra.BuildingBlocks;

namespace Zumodra.Admin.RebuildingProjections;

/// <summary>The status of a rebuild as the API answers it.</summary>
public sealed record RebuildStatusResponse(
    string Projection,
    string StatusUrl,
    Guid RunId,
    string State,
    string Phase,
    long EventsProcessed,
    long EventsTotal,
    double PercentComplete,
    double EventsPerSecond,
    double? EtaSeconds,
    double ElapsedSeconds,
    long StreamsProcessed,
    long DocumentsWritten,
    long HighWaterMark,
    DateTimeOffset StartedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? FinishedAt,
    string? StartedBy,
    RebuildChanges? Changes,
    string? Error,
    IReadOnlyDictionary<string, double> Timings)
{
    public static string UrlOf(string projection) => $"/api/admin/projections/{Uri.EscapeDataString(projection)}/rebuild";

    public static RebuildStatusResponse From(ProjectionRebuildStatus status) => new(
        status.Id, UrlOf(status.Id), status.RunId, status.State, status.Phase, status.EventsProcessed, status.EventsTotal,
        status.EventsTotal == 0 ? (status.State == RebuildStates.Completed ? 100 : 0) : Math.Round(100.0 * status.EventsProcessed / status.EventsTotal, 1),
        status.EventsPerSecond, status.EtaSeconds, status.ElapsedSeconds, status.StreamsProcessed, status.DocumentsWritten, status.HighWaterMark,
        status.StartedAt, status.UpdatedAt, status.FinishedAt, status.StartedBy, status.Changes, status.Error, status.Timings);
}

public static class RebuildProjectionEndpoint
{
    /// <summary>
    /// <c>POST /api/admin/projections/{name}/rebuild</c>: starts rebuilding the projection in the background; 202 with
    /// the status URL. 409 while a rebuild of it runs (anywhere), 404 for an unknown projection.
    /// </summary>
    [WolverinePost("/api/admin/projections/{name}/rebuild"), AdminOnly, Tags("Admin")]
    public static async Task<IResult> Post(string name, ClaimsPrincipal user, ProjectionRebuilds rebuilds, CancellationToken cancellation)
    {
        var start = await rebuilds.StartAsync(name, user.Identity?.Name, cancellation);
        return start.Outcome switch
        {
            RebuildStartOutcome.Started => Results.Accepted(RebuildStatusResponse.UrlOf(start.Projection), RebuildStatusResponse.From(start.Status!)),
            RebuildStartOutcome.AlreadyRunning => Results.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "A rebuild is already running",
                detail: $"Projection {start.Projection} is being rebuilt; follow it at the status URL.",
                extensions: new Dictionary<string, object?> { ["statusUrl"] = RebuildStatusResponse.UrlOf(start.Projection) }),
            RebuildStartOutcome.NotRebuildable => Results.Problem(new ValidationErrors().Add("name", start.Reason ?? "This projection cannot be rebuilt here.").ToProblem()),
            _ => UnknownProjection(name),
        };
    }

    /// <summary><c>GET /api/admin/projections/{name}/rebuild</c>: the running or last rebuild: events processed, total, rate, ETA, state.</summary>
    [WolverineGet("/api/admin/projections/{name}/rebuild"), AdminOnly, Tags("Admin")]
    public static async Task<IResult> Get(string name, ProjectionCatalog catalog, ProjectionRebuilds rebuilds, CancellationToken cancellation)
    {
        if (catalog.Find(name) is null) return UnknownProjection(name);
        return await rebuilds.StatusAsync(name, cancellation) is { } status
            ? Results.Ok(RebuildStatusResponse.From(status))
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No rebuild yet", detail: $"Projection {name} has not been rebuilt.");
    }

    internal static IResult UnknownProjection(string name) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Projection not found", detail: $"No projection is named {name}.");
}
