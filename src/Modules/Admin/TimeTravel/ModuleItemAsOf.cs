using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Zumodra.Admin.Catalog;
using Zumodra.BuildingBlocks;

namespace Zumodra.Admin.TimeTravel;

/// <summary>
/// Gives every module's <c>GET /api/{channel}/{id}</c> an admin-only <c>?asOf=</c> / <c>?version=</c>: the browse item as
/// it was then, rebuilt from its events. The module's own endpoint stays as it is and keeps answering without those
/// parameters. A module is covered when it offers a live channel (<see cref="LiveChannel"/>: its browse API lives at
/// <c>/api/{channel}</c> and its items are called <c>{itemName}</c>) and a projection keeps <c>{ItemName}BrowseItem</c>
/// documents, the convention every browse module follows; nothing admin-specific is needed in the module.
/// </summary>
internal sealed partial class ModuleItemAsOf(RequestDelegate next, IEnumerable<LiveChannel> channels, ProjectionCatalog catalog)
{
    private readonly Lazy<IReadOnlyDictionary<string, (LiveChannel Channel, ProjectedDocument Document)>> _routes = new(() =>
        channels
            .Select(channel => (Channel: channel, Document: catalog.Documents.FirstOrDefault(d =>
                string.Equals(d.DocumentType.Name, channel.ItemName + "BrowseItem", StringComparison.OrdinalIgnoreCase))))
            .Where(x => x.Document is not null)
            .ToDictionary(x => x.Channel.Name, x => (x.Channel, x.Document!), StringComparer.OrdinalIgnoreCase));

    // Case-insensitive as routing is: /API/JOBS/{id} reaches the same endpoint, so it must meet the same check.
    [GeneratedRegex(@"^/api/(?<channel>[a-z][a-z0-9-]*)/(?<id>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ItemPath();

    public async Task InvokeAsync(HttpContext context)
    {
        if (!(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)) || !PointInTime.IsRequested(context.Request.Query)
            || ItemPath().Match(context.Request.Path.Value ?? "") is not { Success: true } match
            || !_routes.Value.TryGetValue(match.Groups["channel"].Value, out var route))
        {
            await next(context);
            return;
        }

        // A past state is never cached or revalidated, by anyone: not even a refusal may be kept.
        context.Response.Headers.CacheControl = "no-store";
        if (context.User.Identity?.IsAuthenticated != true)
        {
            await context.ChallengeAsync();
            return;
        }
        if (!context.User.IsInRole(Roles.Admin))
        {
            await context.ForbidAsync();
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
        var machine = context.RequestServices.GetRequiredService<TimeMachine>();
        var item = await machine.DocumentAsync(route.Document, id, point, context.RequestAborted);
        var result = item is null
            ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"{Capitalized(route.Channel.ItemName)} not found",
                detail: $"No {route.Channel.ItemName} {id} was browsable at that point.")
            : Results.Json(item);
        await result.ExecuteAsync(context);
    }

    private static string Capitalized(string word) => word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..];
}
