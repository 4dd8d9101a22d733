using Marten;
using Microsoft.Net.Http.Headers;
using Wolverine.Http;

namespace Zumodra.Companies.ServingLogos;

public static class ServeLogoEndpoint
{
    /// <summary>A SHA-256 in hex.</summary>
    private const int HashLength = 64;

    /// <summary>
    /// <c>GET /logos/{sha256}.{png|jpg|webp|svg}</c>: an uploaded logo, to anyone. The address names the bytes, so browsers
    /// keep them for good; an SVG comes with a policy under which it loads and runs nothing, even when opened directly.
    /// </summary>
    [WolverineGet("/logos/{file}"), Tags("Companies")]
    public static async Task<IResult> Get(string file, IQuerySession session, HttpResponse response, CancellationToken cancellation)
    {
        // Anything but a hash is looked up nowhere (text such as NUL would not even reach PostgreSQL).
        var dot = file.IndexOf('.');
        var format = dot == HashLength && file[..dot].All(char.IsAsciiHexDigitLower) ? LogoFormat.OfExtension(file[(dot + 1)..]) : null;
        var logo = format is null ? null : await session.LoadAsync<CompanyLogo>(file[..dot], cancellation);
        if (logo is null || logo.ContentType != format!.ContentType)
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Logo not found", detail: $"No logo is served at /logos/{file}.");

        response.Headers.CacheControl = "public, max-age=31536000, immutable";
        response.Headers.XContentTypeOptions = "nosniff";
        if (format == LogoFormat.Svg) response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; sandbox";
        return Results.File(logo.Content, logo.ContentType, entityTag: new EntityTagHeaderValue($"\"{logo.Id}\""));
    }
}
