using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication;
using Zumodra.Admin.Catalog;
using Zumodra.Admin.Security;
using Zumodra.BuildingBlocks;

namespace Zumodra.Admin.TimeTravel;

/// <summary>
/// Gives every module's <c>GET /api/{module}/{id}</c> an admin-only <c>?asOf=</c> / <c>?version=</c>: the browse item as
/// it was then, rebuilt from its events. The module's own endpoint stays as it is and keeps answering without those
/// parameters. Every registered <see cref="BrowseModule"/> is covered, through the projection that keeps its read model;
/// nothing admin-specific is needed in the module.
/// </summary>
internal sealed partial class ModuleItemAsOf(RequestDelegate next, BrowseModules modules, ProjectionCatalog catalog, TimeMachine machine)
{
    // The catalog already knows which module each projected document belongs to.
    private readonly Lazy<IReadOnlyDictionary<BrowseModule, ProjectedDocument>> _documents = new(() =>
        catalog.Documents.Where(d => d.BrowseModule is not null).ToDictionary(d => d.BrowseModule!));

    // Case-insensitive as routing is: /API/JOBS/{id} reaches the same endpoint, so it must meet the same check.
    [GeneratedRegex(@"^/api/(?<module>[a-z][a-z0-9-]*)/(?<id>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ItemPath();

    public async Task InvokeAsync(HttpContext context)
    {
        if (!(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)) || !PastStateQuery.IsRequested(context.Request.Query)
            || ItemPath().Match(context.Request.Path.Value ?? "") is not { Success: true } match
            || modules.Named(match.Groups["module"].Value) is not { } module
            || !_documents.Value.TryGetValue(module, out var document))
        {
            await next(context);
            return;
        }

        // A past state is never cached or revalidated, by anyone: not even a refusal may be kept.
        context.Response.Headers.CacheControl = "no-store";
        // As Admin's own endpoints authenticate (AdminOnly), whatever the application's default scheme.
        var user = (await context.AuthenticateAsync(AdminSchemes.BearerOrCookie)).Principal;
        if (user?.Identity?.IsAuthenticated != true)
        {
            await context.ChallengeAsync(AdminSchemes.BearerOrCookie);
            return;
        }
        if (!user.IsInRole(Roles.Admin))
        {
            await context.ForbidAsync(AdminSchemes.BearerOrCookie);
            return;
        }

        var errors = new ValidationErrors();
        var point = PointInTime.Read(context.Request.Query, errors);
        if (!errors.IsEmpty)
        {
            await Results.Problem(errors.ToProblem()).ExecuteAsync(context);
            return;
        }

        var id = Guid.Parse(match.Groups["id"].Value);
        var item = await machine.DocumentAsync(document, id, point, context.RequestAborted);
        var result = item is null
            ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"{Capitalized(module.ItemName)} not found",
                detail: $"No {module.ItemName} {id} was browsable at that point.")
            : Results.Json(item);
        await result.ExecuteAsync(context);
    }

    private static string Capitalized(string word) => word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..];
}
