using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Npgsql;
using NpgsqlTypes;
using Zumodra.Bench.BareHub;

// A bare SignalR reference for the live benchmark: what a minimal ASP.NET Core app does to post a job and push it to
// every connection, with Zumodra's method name and message shape. Stock settings but the logging, which is the
// host's (appsettings.json). It ignores auth headers: the bench's admin token is not checked. With ConnectionStrings:Redis,
// several processes on one database are one hub through SignalR's Redis backplane: each broadcast goes through Redis to
// every node's connections.
var builder = WebApplication.CreateBuilder(args);
var signalR = builder.Services.AddSignalR();
if (builder.Configuration.GetConnectionString("Redis") is { Length: > 0 } redis) signalR.AddStackExchangeRedis(redis);
builder.Services.AddHealthChecks();
builder.Services.AddSingleton(NpgsqlDataSource.Create(builder.Configuration.GetConnectionString("Zumodra")
    ?? throw new InvalidOperationException("ConnectionStrings:Zumodra is required.")));
var app = builder.Build();

await using (var create = app.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(
    "create table if not exists bare_jobs (id uuid primary key, sequence bigint generated always as identity, item jsonb not null)"))
{
    await create.ExecuteNonQueryAsync();
}

app.MapHealthChecks("/health");
app.MapHub<LiveHub>("/hubs/live");
app.MapPost("/api/jobs", async Task<IResult> (JobForm form, NpgsqlDataSource db, IHubContext<LiveHub> hub, CancellationToken cancellation) =>
{
    var missing = new[] { ("title", form.Title), ("jobType", form.JobType) }.Where(f => string.IsNullOrWhiteSpace(f.Item2)).ToArray();
    if (missing.Length > 0) return Results.ValidationProblem(missing.ToDictionary(f => f.Item1, _ => new[] { "required" }));
    var now = DateTimeOffset.UtcNow;
    var item = JobItem.From(Guid.CreateVersion7(now), form, now);
    await using var insert = db.CreateCommand("insert into bare_jobs (id, item) values ($1, $2) returning sequence");
    insert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = item.Id });
    insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = JsonSerializer.Serialize(item, JsonSerializerOptions.Web), NpgsqlDbType = NpgsqlDbType.Jsonb });
    var sequence = (long)(await insert.ExecuteScalarAsync(cancellation))!;
    await hub.Clients.All.SendAsync("job_created", new ItemPush("jobs", sequence, now, item), cancellation);
    return Results.Created($"/api/jobs/{item.Id}", new { id = item.Id, version = item.Version });
});
// Not app.Run(): with inline socket completions the code after the first await above runs on a socket thread, which a
// blocking Run() would hold for good.
await app.RunAsync();
