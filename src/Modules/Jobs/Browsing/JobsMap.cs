using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;
using Zumodra.BuildingBlocks;

namespace Zumodra.Jobs.Browsing;

public static class JobsMapEndpoint
{
    /// <summary>More markers than this help nobody; the client zooms in (and sends a bbox) to see more.</summary>
    public const int MaxFeatures = 5_000;

    /// <summary><c>GET /api/jobs/map</c>: GeoJSON points for open jobs with coordinates, honouring the browse filters and an optional <c>bbox</c>.</summary>
    [WolverineGet("/api/jobs/map"), Tags("Jobs")]
    public static async Task<IResult> Get(HttpRequest request, IQuerySession session, CancellationToken cancellation)
    {
        var query = new QueryReader(request.Query);
        var filters = JobFilters.Read(query);
        var bbox = query.Bbox();
        if (!query.Errors.IsEmpty) return Results.Problem(query.Errors.ToProblem());

        var jobs = filters.Apply(session.Query<JobBrowseItem>()).Where(x => x.Latitude != null && x.Longitude != null);
        if (bbox is not null)
            jobs = jobs.Where(x => x.Latitude >= bbox.South && x.Latitude <= bbox.North
                                   && x.Longitude >= bbox.West && x.Longitude <= bbox.East);
        var items = await jobs.OrderByDescending(x => x.PostedAt).Take(MaxFeatures).ToListAsync(cancellation);

        return Results.Ok(new FeatureCollection(items.Select(job => new Feature(
            job.Id,
            PointGeometry.At(job.Latitude!.Value, job.Longitude!.Value),
            new Dictionary<string, object?>
            {
                ["id"] = job.Id,
                ["title"] = job.Title,
                ["company"] = job.CompanyName,
                ["location"] = job.Location,
                ["jobType"] = job.JobType,
                ["remote"] = job.Remote,
            })).ToList()));
    }
}
