using JasperFx;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Zumodra.Admin;
using Zumodra.Companies;
using Zumodra.Host.Infrastructure;
using Zumodra.Jobs;
using Zumodra.Live;
using Zumodra.Projects;
using Zumodra.Web;

var builder = WebApplication.CreateBuilder(args);

// Infrastructure: console logs, the event store and messaging, telemetry, tokens, the HTTP pipeline's platform (errors, limits, cache), the pages.
builder.AddConsoleLogs();
builder.AddEventStoreAndMessaging();
builder.AddTelemetry();
builder.AddAdminAuthentication();
builder.AddWebPlatform();
builder.AddZumodraWeb();

// Modules: each plugs in with one call.
builder.Services.AddJobsModule();
builder.Services.AddCompaniesModule();
builder.Services.AddProjectsModule();
builder.Services.AddLiveModule(builder.Configuration);
builder.Services.AddAdminModule();

var app = builder.Build();

app.UseWebPlatform();
app.MapWolverineEndpoints(opts => opts.MapMartenConcurrencyFailuresToConflict());
app.MapLiveModule();
app.UseAdminModule();
app.MapZumodraWeb();

return await app.RunJasperFxCommands(args);

/// <summary>Lets test hosts (Alba, WebApplicationFactory) find the entry point.</summary>
public partial class Program;
