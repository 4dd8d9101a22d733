using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;
using Zumodra.Admin.BrowsingHistory;
using Zumodra.Admin.FollowingEvents;
using Zumodra.Admin.RebuildingProjections;
using Zumodra.Admin.TimeTravel;
using Zumodra.BuildingBlocks;
using Zumodra.Web.Exports;

namespace Zumodra.Host.Infrastructure;

/// <summary>
/// The OpenAPI document (<c>/openapi/v1.json</c>) and the API reference over it (<c>/api/docs</c>, Scalar). Most browse
/// and admin endpoints answer an <see cref="IResult"/>, which tells the generator nothing, so their shapes are described
/// here from the browse modules' registrations; also the admin bearer scheme, the logo's raw body and examples.
/// </summary>
internal static partial class ApiReference
{
    public const string DocsPath = "/api/docs";
    private const string Bearer = "Bearer";

    public static WebApplicationBuilder AddApiReference(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer(DescribeDocument);
            options.AddOperationTransformer(DescribeOperationAsync);
        });
        return builder;
    }

    public static WebApplication MapApiReference(this WebApplication app)
    {
        app.MapOpenApi();
        // Scalar serves its script from the package (DocsPath/scalar.js): no CDN, and no web fonts from one either.
        app.MapScalarApiReference(DocsPath, options => options
                .WithTitle("Zumodra API")
                .WithOpenApiRoutePattern("/openapi/{documentName}.json")
                .DisableDefaultFonts()
                .AddPreferredSecuritySchemes(Bearer)
                .WithNonce())
            .AddEndpointFilter(async (context, next) =>
            {
                // As strict as the pages' policy: only our own scripts (and Scalar's nonced inline configuration) run.
                // Scalar sets its styles from script, hence 'unsafe-inline' for styles only.
                var http = context.HttpContext;
                http.Response.OnStarting(() =>
                {
                    // Only the page has a nonce (not the redirect from DocsPath to DocsPath/).
                    if (http.Items[ScalarOptions.NonceHttpContextItemKey] is not string nonce) return Task.CompletedTask;
                    http.Response.Headers.ContentSecurityPolicy = string.Join("; ",
                        "default-src 'self'", $"script-src 'self' 'nonce-{nonce}'", "style-src 'self' 'unsafe-inline'",
                        "img-src 'self' data:", "font-src 'self' data:", "connect-src 'self'", "worker-src 'self' blob:",
                        "object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'");
                    http.Response.Headers.XContentTypeOptions = "nosniff";
                    return Task.CompletedTask;
                });
                return await next(context);
            });
        return app;
    }

    private static Task DescribeDocument(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellation)
    {
        document.Info.Title = "Zumodra API";
        document.Info.Description =
            "Browse jobs, companies and freelance projects; admins change them. Errors are RFC 9457 ProblemDetails naming the "
            + "field. Admin endpoints need a bearer token with role admin: `dotnet run --project src/Host -- admin-token`.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Bearer] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A JWT with role admin (1 hour), printed by `dotnet run --project src/Host -- admin-token`. "
                          + "No token: 401; another role: 403.",
        };
        // The groups in the site's navigation order, then Admin and the rest: the reference opens on the first module
        // whatever order the endpoints were registered in (pre-generated code registers them alphabetically).
        if (document.Tags is { Count: > 0 } tags)
        {
            List<string> order = [.. context.ApplicationServices.GetRequiredService<BrowseModules>().All.OrderBy(m => m.NavOrder).Select(m => m.Title), "Admin"];
            var sorted = tags.OrderBy(tag => order.IndexOf(tag.Name ?? "") is var at and >= 0 ? at : order.Count)
                .ThenBy(tag => tag.Name, StringComparer.Ordinal).ToList();
            tags.Clear();
            foreach (var tag in sorted) tags.Add(tag);
        }
        return Task.CompletedTask;
    }

    private static async Task DescribeOperationAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellation)
    {
        var description = context.Description;
        // "GET /api/jobs/{id}" whatever the route's constraints ({id:guid}).
        var route = RouteConstraint().Replace($"{description.HttpMethod} /{description.RelativePath?.TrimEnd('/')}", "{$1}");
        var document = context.Document!;
        // Wolverine.HTTP names an operation "POST_api_jobs" and repeats it as its summary and description.
        if (operation.Summary == operation.OperationId) operation.Summary = route;
        if (operation.Description == operation.OperationId) operation.Description = null;

        if (description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Any())
        {
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, document)] = [] }];
            Respond(operation, "401", "No bearer token, or an invalid one.");
            Respond(operation, "403", "A token without the admin role.");
        }

        if (Examples.TryGetValue(route, out var example) && operation.RequestBody?.Content?.TryGetValue("application/json", out var json) == true)
            json.Example = JsonNode.Parse(example);

        var modules = context.ApplicationServices.GetRequiredService<BrowseModules>();
        foreach (var module in modules.All)
        {
            if (route == $"GET {module.ApiPath}")
            {
                Query(operation, BrowseParameters(module));
                Query(operation, ("page", "Page number [1]."), ("pageSize", "Items per page [20], at most 100."));
                Respond(operation, "200", "One page of items and the total.", await SchemaAsync(context, typeof(BrowsePage<>).MakeGenericType(module.ItemType), cancellation));
            }
            else if (route == $"GET {module.ApiPath}/{{id}}")
            {
                Query(operation, ("version", "Admin only: the item as of this stream version."), ("asOf", "Admin only: the item as of this time (ISO 8601)."));
                Respond(operation, "200", "The item.", await SchemaAsync(context, module.ItemType, cancellation));
            }
            else if (route == $"GET {module.ApiPath}/map")
            {
                Query(operation, BrowseParameters(module));
                Query(operation, ("bbox", "west,south,east,north: only items inside."));
                Respond(operation, "200", "GeoJSON points of the items with coordinates.", await SchemaAsync(context, typeof(FeatureCollection), cancellation));
            }
            else if (route == $"GET {module.ApiPath}/export.csv" || route == $"GET {module.ApiPath}/export.pdf")
            {
                Query(operation, BrowseParameters(module));
                var csv = route.EndsWith(".csv", StringComparison.Ordinal);
                operation.Responses ??= new OpenApiResponses();
                operation.Responses["200"] = new OpenApiResponse
                {
                    Description = (csv ? "CSV (RFC 4180, UTF-8 with a byte order mark, formula cells escaped with ')" : "A PDF table (A4 landscape, the header on every page)")
                        + $": every match in the list's sort, at most {BrowseExport.MaxRows.ToString("N0", CultureInfo.InvariantCulture)} rows; Content-Disposition names the file after the filters. Rate limited per IP (Zumodra:RateLimiting:ExportsPerMinute).",
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        [csv ? "text/csv" : "application/pdf"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = csv ? null : "binary" } },
                    },
                };
            }
            else if (route == $"GET {module.ApiPath}/facets")
            {
                Query(operation, BrowseParameters(module));
                Respond(operation, "200", "Per filter, its values with how many items each would list, given the other filters.",
                    new OpenApiSchema { Type = JsonSchemaType.Object, AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = await SchemaAsync(context, typeof(FacetCount), cancellation) } });
            }
        }

        if (AdminResponses.TryGetValue(route, out var admin))
        {
            // Wolverine.HTTP assumes a 200 for every IResult.
            operation.Responses?.Remove("200");
            Respond(operation, admin.Status, admin.Status == "202" ? "Accepted: the rebuild runs." : "OK", await SchemaAsync(context, admin.Type, cancellation));
        }
        else if (route == "PUT /api/companies/{id}/logo")
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = "The image itself (not JSON), at most 512 KB: PNG, JPEG, WebP or SVG (sanitised), told by its content.",
                Content = LogoFormats.ToDictionary(format => format, _ => new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } }),
            };
        else if (route == "GET /logos/{file}")
            operation.Responses!["200"] = new OpenApiResponse
            {
                Description = "The logo, immutable (its name is its SHA-256).",
                Content = LogoFormats.ToDictionary(format => format, _ => new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } }),
            };
    }

    private static readonly string[] LogoFormats = ["image/png", "image/jpeg", "image/webp", "image/svg+xml"];

    /// <summary>Admin endpoints that answer an <see cref="IResult"/>, and what they answer on success.</summary>
    private static readonly Dictionary<string, (string Status, Type Type)> AdminResponses = new()
    {
        ["GET /api/admin/events"] = ("200", typeof(EventFeedPage)),
        ["GET /api/admin/streams/{id}/events"] = ("200", typeof(StreamHistoryView)),
        ["GET /api/admin/items/{id}"] = ("200", typeof(ItemState)),
        ["GET /api/admin/projections/{name}/rebuild"] = ("200", typeof(RebuildStatusResponse)),
        ["POST /api/admin/projections/{name}/rebuild"] = ("202", typeof(RebuildStatusResponse)),
    };

    private const string Job = """
        { "title": "Backend Engineer", "description": "Build APIs in C# with a friendly team.", "companyName": "Acme",
          "location": "Berlin, Germany", "latitude": 52.52, "longitude": 13.405, "category": "Engineering",
          "jobType": "full_time", "remote": false, "salaryMin": 60000, "salaryMax": 80000, "currency": "EUR",
          "applyUrl": "https://acme.example/careers/backend" }
        """;

    private const string Company = """
        { "name": "Acme", "industry": "Software", "description": "Tools for builders.", "website": "https://acme.example",
          "size": "51-200", "location": "Berlin, Germany", "latitude": 52.52, "longitude": 13.405 }
        """;

    private const string Project = """
        { "title": "Mobile app MVP", "description": "A React Native app for our shop.", "companyName": "Acme",
          "category": "Development", "skills": ["React Native", "TypeScript"], "budgetMin": 8000, "budgetMax": 12000,
          "currency": "EUR", "remote": true, "deadline": "2030-06-30T00:00:00Z", "contactEmail": "projects@acme.example" }
        """;

    private static readonly Dictionary<string, string> Examples = new()
    {
        ["POST /api/jobs"] = Job,
        ["PUT /api/jobs/{id}"] = Job,
        ["POST /api/companies"] = Company,
        ["PUT /api/companies/{id}"] = Company,
        ["POST /api/projects"] = Project,
        ["PUT /api/projects/{id}"] = Project,
    };

    private static (string Name, string Description)[] BrowseParameters(BrowseModule module) =>
    [
        ("search", "Full-text search (PostgreSQL web-search syntax)."),
        .. module.Filters.All.Where(filter => filter != "search").Select(filter => (filter,
            module.Filters.Lists?.Contains(filter) == true ? "Filter; comma-separated values for any of them." : "Filter.")),
        ("sort", $"One of: {string.Join(", ", module.Sorts.Select(sort => sort.Value))} [{module.Sorts[0].Value}]."),
    ];

    private static void Query(OpenApiOperation operation, params (string Name, string Description)[] parameters)
    {
        operation.Parameters ??= [];
        foreach (var (name, description) in parameters)
            if (!operation.Parameters.Any(existing => existing.Name == name))
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = name, In = ParameterLocation.Query, Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                });
    }

    [GeneratedRegex(@"\{(\w+):[^}]+\}")]
    private static partial Regex RouteConstraint();

    private static Task<OpenApiSchema> SchemaAsync(OpenApiOperationTransformerContext context, Type type, CancellationToken cancellation) =>
        context.GetOrCreateSchemaAsync(type, null, cancellation);

    private static void Respond(OpenApiOperation operation, string status, string description, IOpenApiSchema? schema = null)
    {
        operation.Responses ??= new OpenApiResponses();
        operation.Responses[status] = new OpenApiResponse
        {
            Description = description,
            Content = schema is null ? null : new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } },
        };
    }
}
