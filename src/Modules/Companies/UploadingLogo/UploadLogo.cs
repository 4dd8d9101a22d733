using System.Security.Cryptography;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;
using Zumodra.BuildingBlocks;

namespace Zumodra.Companies.UploadingLogo;

/// <summary>What the body of an upload turned out to be: a logo to store, or the problem to answer.</summary>
public sealed record LogoUpload(CompanyLogo? Logo, ProblemDetails Problem)
{
    public const int MaxBytes = 512 * 1024;

    /// <summary>
    /// Reads the image, whatever <c>Content-Type</c> says: PNG, JPEG and WebP are told by their first bytes, anything else
    /// must parse as an SVG, which is sanitised. The address of a logo is the hash of what is stored.
    /// </summary>
    internal static async Task<LogoUpload> ReadAsync(HttpRequest request, CancellationToken cancellation)
    {
        if (request.ContentLength > MaxBytes) return TooLarge();
        // One byte more than allowed tells a body without a length that is too large, without reading the rest of it.
        var buffer = new byte[(int)Math.Min(request.ContentLength ?? MaxBytes, MaxBytes) + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellation)) > 0) length += read;
        if (length > MaxBytes) return TooLarge();
        if (length == 0) return Refused("'logo' is required: send the image as the body.");

        var received = buffer[..length];
        if (LogoFormat.OfRaster(received) is { } raster) return Accepted(received, raster);
        var (svg, refusal) = SvgSanitizer.Sanitize(received);
        return svg is null ? Refused(refusal!) : Accepted(svg, LogoFormat.Svg);
    }

    private static LogoUpload Accepted(byte[] content, LogoFormat format) => new(
        new CompanyLogo { Id = Convert.ToHexStringLower(SHA256.HashData(content)), ContentType = format.ContentType, Content = content },
        WolverineContinue.NoProblems);

    private static LogoUpload TooLarge() => Refused($"'logo' must be at most {MaxBytes / 1024} KB.", StatusCodes.Status413PayloadTooLarge);

    private static LogoUpload Refused(string message, int status = StatusCodes.Status400BadRequest)
    {
        var problem = new ValidationErrors().Add("logo", message).ToProblem();
        problem.Status = status;
        return new LogoUpload(null, problem);
    }
}

public static class UploadLogoEndpoint
{
    /// <summary>The image is read and checked before anything else: a refused upload stores and appends nothing.</summary>
    public static Task<LogoUpload> LoadAsync(HttpRequest request, CancellationToken cancellation) => LogoUpload.ReadAsync(request, cancellation);

    public static ProblemDetails Validate(LogoUpload upload) => upload.Problem;

    public static ProblemDetails Before([FromHeader(Name = "If-Match")] string? ifMatch, Company company) =>
        company.Deleted ? CompanyProblems.Deleted(company.Id) : ExpectedVersion.Check(null, ifMatch, company.Version);

    /// <summary>The body is the image itself; uploading the logo the company already has appends nothing.</summary>
    [WolverinePut("/api/companies/{id}/logo"), Authorize(Roles = Roles.Admin), Tags("Companies")]
    public static (Written, Events, IMartenOp) Put([NotBody] LogoUpload upload, [Aggregate("id")] Company company, DateTimeOffset now)
    {
        var logo = upload.Logo!;
        if (company.Logo == logo.Id) return (new Written(company.Id, company.Version), [], MartenOps.Nothing());
        return (new Written(company.Id, company.Version + 1), [new CompanyLogoChanged(company.Id, logo.Id, logo.ContentType, now)], MartenOps.Store(logo));
    }
}
