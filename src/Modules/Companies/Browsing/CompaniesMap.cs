using Marten;
using Wolverine.Http;
using Zumodra.BuildingBlocks;

namespace Zumodra.Companies.Browsing;

public static class CompaniesMapEndpoint
{
    /// <summary>More markers than this help nobody; the client zooms in (and sends a bbox) to see more.</summary>
    public const int MaxFeatures = 5_000;

    /// <summary><c>GET /api/companies/map</c>: GeoJSON points for companies with coordinates, honouring the browse filters and an optional <c>bbox</c>.</summary>
    [WolverineGet("/api/companies/map"), Tags("Companies")]
    public static async Task<IResult> Get(HttpRequest request, IQuerySession session, CancellationToken cancellation)
    {
        var query = new QueryReader(request.Query);
        var filters = CompanyFilters.Read(query);
        var bbox = query.Bbox();
        if (!query.Errors.IsEmpty) return Results.Problem(query.Errors.ToProblem());

        var companies = filters.Apply(session.Query<CompanyBrowseItem>()).Where(x => x.Latitude != null && x.Longitude != null);
        if (bbox is not null)
            companies = companies.Where(x => x.Latitude >= bbox.South && x.Latitude <= bbox.North
                                             && x.Longitude >= bbox.West && x.Longitude <= bbox.East);
        var items = await companies.OrderByDescending(x => x.RegisteredAt).Take(MaxFeatures).ToListAsync(cancellation);

        return Results.Ok(new FeatureCollection(items.Select(company => new Feature(
            company.Id,
            PointGeometry.At(company.Latitude!.Value, company.Longitude!.Value),
            new Dictionary<string, object?>
            {
                ["id"] = company.Id,
                ["name"] = company.Name,
                ["industry"] = company.Industry,
                ["location"] = company.Location,
                ["openJobs"] = company.OpenJobs,
                ["verified"] = company.Verified,
                ["logoUrl"] = company.LogoUrl,
            })).ToList()));
    }
}
