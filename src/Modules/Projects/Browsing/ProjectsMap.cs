using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;
using Zumodra.BuildingBlocks;

namespace Zumodra.Projects.Browsing;

public static class ProjectsMapEndpoint
{
    /// <summary>More markers than this help nobody; the client zooms in (and sends a bbox) to see more.</summary>
    public const int MaxFeatures = 5_000;

    /// <summary><c>GET /api/projects/map</c>: GeoJSON points for open projects with coordinates, honouring the browse filters and an optional <c>bbox</c>.</summary>
    [WolverineGet("/api/projects/map"), Tags("Projects")]
    public static async Task<IResult> Get(HttpRequest request, IQuerySession session, CancellationToken cancellation)
    {
        var query = new QueryReader(request.Query);
        var filters = ProjectFilters.Read(query);
        var bbox = query.Bbox();
        if (!query.Errors.IsEmpty) return Results.Problem(query.Errors.ToProblem());

        var projects = filters.Apply(session.Query<ProjectBrowseItem>()).Where(x => x.Latitude != null && x.Longitude != null);
        if (bbox is not null)
            projects = projects.Where(x => x.Latitude >= bbox.South && x.Latitude <= bbox.North
                                           && x.Longitude >= bbox.West && x.Longitude <= bbox.East);
        var items = await projects.OrderByDescending(x => x.PublishedAt).Take(MaxFeatures).ToListAsync(cancellation);

        return Results.Ok(new FeatureCollection(items.Select(project => new Feature(
            project.Id,
            PointGeometry.At(project.Latitude!.Value, project.Longitude!.Value),
            new Dictionary<string, object?>
            {
                ["id"] = project.Id,
                ["title"] = project.Title,
                ["company"] = project.CompanyName,
                ["location"] = project.Location,
                ["category"] = project.Category,
                ["remote"] = project.Remote,
                ["budgetMin"] = project.BudgetMin,
                ["budgetMax"] = project.BudgetMax,
                ["currency"] = project.Currency,
                ["deadline"] = project.Deadline,
            })).ToList()));
    }
}
