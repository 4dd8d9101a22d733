using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Zumodra.BuildingBlocks;
using Zumodra.Web.Seo;

namespace Zumodra.Web;

/// <summary>The server-rendered pages: Razor Pages from every module, with this library's layout, components and scripts.</summary>
public static class ZumodraWeb
{
    public static WebApplicationBuilder AddZumodraWeb(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<MapOptions>(builder.Configuration.GetSection(MapOptions.Section));
        builder.Services.AddOptions<SiteOptions>().Bind(builder.Configuration.GetSection(SiteOptions.Section))
            .Validate(o => o.PublicUrl is null || Uri.TryCreate(o.PublicUrl, UriKind.Absolute, out var url) && url.Scheme is "http" or "https",
                $"{SiteOptions.Section}:PublicUrl must be an absolute http(s) address")
            .Validate(o => o.SitemapMaxUrls is >= 1 and <= 50_000, $"{SiteOptions.Section}:SitemapMaxUrls must be from 1 to 50,000")
            .ValidateOnStart();
        builder.Services.AddSingleton<PageSecurityHeaders>();
        builder.Services.AddRazorPages(options => options.Conventions.ConfigureFilter(new ServiceFilterAttribute(typeof(PageSecurityHeaders))));
        // Serves this library's wwwroot (and its npm libraries) from the build output in every environment,
        // not only Development; a published app has them in its own wwwroot and this does nothing.
        builder.WebHost.UseStaticWebAssets();
        // Run from build output (not published), MapStaticAssets by default re-checks each file on every request, for
        // editing wwwroot while the app runs. ASP.NET Core 10.0 compares the file's time to the sub-second against the
        // manifest's whole seconds, so every file counts as edited and goes out as stored (uncompressed) gzip, labelled
        // "br" when brotli was asked for (which breaks the pages), with no-cache instead of immutable and an ETag that
        // never matches. Off unless ReloadStaticAssetsAtRuntime says so (lowest priority: any source overrides it).
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = [new("ReloadStaticAssetsAtRuntime", "false")],
        });
        return builder;
    }

    public static WebApplication MapZumodraWeb(this WebApplication app)
    {
        // A browser's page request that ends in an error status without a body (an unknown address) gets the error
        // page; every other request keeps the platform's ProblemDetails. Not a UseWhen branch: a branch has no endpoint
        // routing, so the error page would not be found.
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.Use((context, next) =>
        {
            if (!Pages.ErrorModel.IsForAPage(context)) context.Features.Get<IStatusCodePagesFeature>()!.Enabled = false;
            return next(context);
        });
        app.MapStaticAssets();
        // Pages resolve asset URLs (asp-append-version, the import map) to their fingerprinted, immutable addresses.
        app.MapRazorPages().WithStaticAssets();
        // The first module in the navigation is the home page.
        app.MapSitemap();
        app.MapGet("/", (BrowseModules modules) => Results.Redirect(modules.All[0].PagePath)).ExcludeFromDescription();
        return app;
    }
}
