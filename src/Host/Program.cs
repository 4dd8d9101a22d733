using JasperFx;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Zumodra.Host.Infrastructure;
using Zumodra.Jobs;
using Zumodra.Live;

var builder = WebApplication.CreateBuilder(args);

builder.AddEventStoreAndMessaging();
builder.AddAdminAuthentication();
builder.AddWebPlatform();

builder.Services.AddJobsModule();
builder.Services.AddLiveModule(builder.Configuration);

var app = builder.Build();

app.UseWebPlatform();
app.MapWolverineEndpoints(opts => opts.MapMartenConcurrencyFailuresToConflict());
app.MapLiveModule();

return await app.RunJasperFxCommands(args);

/// <summary>Lets test hosts (Alba, WebApplicationFactory) find the entry point.</summary>
public partial class Program;
