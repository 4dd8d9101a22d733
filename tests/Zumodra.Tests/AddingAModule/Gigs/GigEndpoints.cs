using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;
using Zumodra.BuildingBlocks;

namespace Zumodra.Tests.AddingAModule.Gigs;

public sealed record GigForm(string Title, string City);

public static class GigEndpoints
{
    [WolverinePost("/api/gigs"), Authorize(Roles = Roles.Admin)]
    public static Written Post(GigForm form, IDocumentSession session)
    {
        var id = Guid.CreateVersion7();
        session.Events.StartStream(id, new GigPosted(form.Title, form.City, DateTimeOffset.UtcNow));
        return new Written(id, 1);
    }

    [WolverinePut("/api/gigs/{id:guid}/title"), Authorize(Roles = Roles.Admin)]
    public static void Retitle(Guid id, GigForm form, IDocumentSession session) => session.Events.Append(id, new GigRetitled(form.Title));

    [WolverineDelete("/api/gigs/{id:guid}"), Authorize(Roles = Roles.Admin)]
    public static void Cancel(Guid id, IDocumentSession session) => session.Events.Append(id, new GigCancelled());

    [WolverineGet("/api/gigs")]
    public static async Task<IResult> Browse(HttpRequest request, IQuerySession session, CancellationToken cancellation)
    {
        var query = new QueryReader(request.Query);
        var filters = GigFilters.Read(query);
        var paging = query.Paging();
        if (!query.Errors.IsEmpty) return Results.Problem(query.Errors.ToProblem());
        return Results.Ok(await filters.Apply(session.Query<GigCard>()).ToBrowsePageAsync(gigs => gigs.OrderByDescending(x => x.PostedAt), paging, cancellation));
    }

    [WolverineGet("/api/gigs/{id:guid}")]
    public static async Task<IResult> Get(Guid id, IQuerySession session, CancellationToken cancellation) =>
        await session.LoadAsync<GigCard>(id, cancellation) is { } gig ? Results.Ok(gig) : Results.NotFound();
}
