using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using JasperFx;
using JasperFx.Events;
using Marten;
using Npgsql;
using NpgsqlTypes;
using Zumodra.Jobs;

// The projection rebuild benchmark. Progress goes to stderr; the Markdown report to stdout and to --output.
var options = Options.Parse(args);
if (options is null) return 2;

var culture = CultureInfo.InvariantCulture;
using var store = DocumentStore.For(opts =>
{
    opts.Connection(options.Connection);
    opts.DatabaseSchemaName = "zumodra";
    opts.Events.StreamIdentity = StreamIdentity.AsGuid;
    opts.AutoCreateSchemaObjects = AutoCreate.None;
    opts.Events.AddEventTypes([typeof(JobPosted), typeof(JobEdited), typeof(JobClosed), typeof(JobReopened)]);
});
var eventTypes = ((IReadOnlyStoreOptions)store.Options).Events.AllKnownEventTypes().ToDictionary(x => x.EventType);

var results = new List<Result>();
foreach (var size in options.Sizes)
{
    var existing = await Scalar("select count(*) from zumodra.mt_events");
    if (existing < size) await Generate(size - existing);
    var streams = await Scalar("select count(*) from zumodra.mt_streams");

    Progress($"{size:N0} events: rebuilding JobBrowseItem into an empty read model");
    await Scalar("truncate jobs.mt_doc_jobbrowseitem; select 0");
    results.Add(await Rebuild(size, streams, "empty read model (every document inserted)"));

    Progress($"{size:N0} events: rebuilding JobBrowseItem over the intact read model");
    await Scalar("analyze jobs.mt_doc_jobbrowseitem; select 0");
    results.Add(await Rebuild(size, streams, "intact read model (nothing to change)"));
}

var report = Report(results);
Console.Out.Write(report);
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.Output))!);
await File.WriteAllTextAsync(options.Output, report);
Progress($"Report written to {options.Output}");
return results.All(x => x.Completed) ? 0 : 1;

// ---- Generating: 4 events per job stream, the same shapes as the rebuild test ----

async Task Generate(long events)
{
    var clock = Stopwatch.StartNew();
    var jobs = (int)(events / 4);
    Progress($"Writing {jobs * 4L:N0} events ({jobs:N0} job streams) with COPY");
    await using var connection = new NpgsqlConnection(options.Connection);
    await connection.OpenAsync();
    var sequence = await Scalar("select coalesce(max(seq_id), 0) from zumodra.mt_events");
    var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    var offset = (int)(await Scalar("select count(*) from zumodra.mt_streams"));
    const int Batch = 50_000;
    for (var first = 0; first < jobs; first += Batch)
    {
        var count = Math.Min(Batch, jobs - first);
        var ids = Enumerable.Range(first + offset, count).Select(i => Guid.CreateVersion7(start.AddSeconds(i))).ToArray();
        await using (var streams = await connection.BeginBinaryImportAsync(
            "copy zumodra.mt_streams (id, type, version, timestamp, created, tenant_id) from stdin (format binary)"))
        {
            for (var j = 0; j < count; j++)
            {
                var at = start.AddSeconds(first + offset + j);
                await streams.StartRowAsync();
                await streams.WriteAsync(ids[j], NpgsqlDbType.Uuid);
                await streams.WriteAsync("job", NpgsqlDbType.Varchar);
                await streams.WriteAsync(4L, NpgsqlDbType.Bigint);
                await streams.WriteAsync(at.AddMinutes(3), NpgsqlDbType.TimestampTz);
                await streams.WriteAsync(at, NpgsqlDbType.TimestampTz);
                await streams.WriteAsync("*DEFAULT*", NpgsqlDbType.Varchar);
            }
            await streams.CompleteAsync();
        }
        await using (var rows = await connection.BeginBinaryImportAsync(
            "copy zumodra.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, user_name) from stdin (format binary)"))
        {
            for (var j = 0; j < count; j++)
            {
                var i = first + offset + j;
                var at = start.AddSeconds(i);
                var version = 0L;
                foreach (var data in Events(ids[j], i, at))
                {
                    var type = eventTypes[data.GetType()];
                    await rows.StartRowAsync();
                    await rows.WriteAsync(++sequence, NpgsqlDbType.Bigint);
                    await rows.WriteAsync(Guid.CreateVersion7(at), NpgsqlDbType.Uuid);
                    await rows.WriteAsync(ids[j], NpgsqlDbType.Uuid);
                    await rows.WriteAsync(++version, NpgsqlDbType.Bigint);
                    await rows.WriteAsync(store.Serializer.ToJson(data), NpgsqlDbType.Jsonb);
                    await rows.WriteAsync(type.EventTypeName, NpgsqlDbType.Varchar);
                    await rows.WriteAsync(at.AddMinutes(version - 1), NpgsqlDbType.TimestampTz);
                    await rows.WriteAsync("*DEFAULT*", NpgsqlDbType.Varchar);
                    await rows.WriteAsync(type.DotNetTypeName, NpgsqlDbType.Varchar);
                    await rows.WriteAsync("bench", NpgsqlDbType.Varchar);
                }
            }
            await rows.CompleteAsync();
        }
        Progress($"  {first + count:N0} of {jobs:N0} streams");
    }
    await Scalar($"select setval('zumodra.mt_events_sequence', {sequence}); analyze zumodra.mt_events; analyze zumodra.mt_streams; select 0");
    Progress($"Wrote {jobs * 4L:N0} events in {clock.Elapsed.TotalSeconds:N1} s");
}

static object[] Events(Guid id, int i, DateTimeOffset at)
{
    string[] cities = ["Berlin, Germany", "Paris, France", "Lisbon, Portugal", "Oslo, Norway", "Austin, USA"];
    var details = new JobDetails($"Benchmark Engineer {i}", $"Job number {i} of the rebuild benchmark, with a description of some length.",
        null, $"Company {i % 300}", cities[i % cities.Length], 40 + i % 20, -10 + i % 40, "Engineering", JobTypes.All[i % JobTypes.All.Length],
        i % 3 == 0, 40_000 + i % 50 * 1000, 60_000 + i % 50 * 1000, "EUR");
    var edited = details with { Title = $"Benchmark Engineer {i} (edited)", SalaryMax = details.SalaryMax + 500 };
    return i % 4 == 0
        ? [new JobPosted(id, details, at), new JobEdited(id, edited, at.AddMinutes(1)), new JobEdited(id, edited with { Remote = !edited.Remote }, at.AddMinutes(2)), new JobClosed(id, at.AddMinutes(3))]
        : [new JobPosted(id, details, at), new JobEdited(id, edited, at.AddMinutes(1)), new JobClosed(id, at.AddMinutes(2)), new JobReopened(id, edited, at.AddMinutes(3), at.AddMinutes(3))];
}

// ---- Rebuilding through the host's own command, in its own process ----

async Task<Result> Rebuild(long events, long streams, string scenario)
{
    var start = new ProcessStartInfo("dotnet", [options.Host, "admin-rebuild", "JobBrowseItem", "--json"])
    {
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        WorkingDirectory = Path.GetDirectoryName(options.Host)!,
    };
    start.Environment["ConnectionStrings__Zumodra"] = options.Connection;
    start.Environment["Logging__LogLevel__Default"] = "Warning";
    var wall = Stopwatch.StartNew();
    using var process = Process.Start(start)!;
    var output = process.StandardOutput.ReadToEndAsync();
    var errors = process.StandardError.ReadToEndAsync();
    await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(30));
    wall.Stop();
    var line = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .LastOrDefault(x => x.StartsWith('{') && x.Contains("\"projection\"", StringComparison.Ordinal));
    if (process.ExitCode != 0 || line is null)
    {
        Progress($"admin-rebuild failed ({process.ExitCode}): {await errors}\n{await output}");
        return new Result(events, streams, scenario, false, 0, 0, 0, wall.Elapsed.TotalSeconds, 0, null);
    }
    using var json = JsonDocument.Parse(line);
    var status = json.RootElement;
    var result = new Result(events, streams, scenario, status.GetProperty("state").GetString() == "completed",
        status.GetProperty("eventsProcessed").GetInt64(), status.GetProperty("elapsedSeconds").GetDouble(),
        status.GetProperty("changes").GetProperty("documents").GetInt64(), wall.Elapsed.TotalSeconds,
        status.GetProperty("timings").TryGetProperty("process_cpu", out var cpu) ? cpu.GetDouble() : 0,
        status.GetProperty("changes").GetRawText());
    Progress($"  {result.EventsPerSecond:N0} events/s ({result.Processed:N0} events in {result.Seconds:N1} s, {result.CpuSeconds:N1} CPU-s; {result.WallSeconds:N1} s with the process); {status.GetProperty("timings").GetRawText()}");
    return result;
}

// ---- Plumbing ----

async Task<long> Scalar(string sql)
{
    await using var connection = new NpgsqlConnection(options.Connection);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand(sql, connection);
    return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
}

string Report(IReadOnlyList<Result> all)
{
    var text = new StringBuilder();
    text.AppendLine("# Projection rebuild benchmark");
    text.AppendLine();
    text.AppendLine(CultureInfo.InvariantCulture, $"{options.Label} · {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC · {Environment.ProcessorCount} cores · load average at the end {LoadAverage()}");
    text.AppendLine();
    text.AppendLine("`admin-rebuild JobBrowseItem` in its own Release process over job streams of four events (posted, edited, closed, reopened; one in four stays closed). The rate is the rebuild's own: events applied per second from its start (reading, folding, bulk copy, catch-up and the swap) to its commit. The CPU column is the host process's processor time during the rebuild (PostgreSQL's not included), which depends much less on what else runs on the machine; the last column adds the host's start-up.");
    text.AppendLine();
    text.AppendLine("| events | streams | read model before | documents | rebuild | events/s | host CPU | events per CPU-second | with process start |");
    text.AppendLine("| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    foreach (var r in all)
        text.AppendLine(culture, $"| {r.Events:N0} | {r.Streams:N0} | {r.Scenario} | {r.Documents:N0} | {r.Seconds:N1} s | **{r.EventsPerSecond:N0}** | {r.CpuSeconds:N1} s | {r.EventsPerCpuSecond:N0} | {r.WallSeconds:N1} s |");
    text.AppendLine();
    text.AppendLine("Target: at least 20,000 events/s for the jobs browse projection on a 2-core machine.");
    return text.ToString();
}

static string LoadAverage()
{
    try
    {
        return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
    }
    catch (IOException)
    {
        return "unknown";
    }
}

static void Progress(string message) => Console.Error.WriteLine($"[rebuild-bench] {message}");

sealed record Result(long Events, long Streams, string Scenario, bool Completed, long Processed, double Seconds, long Documents, double WallSeconds, double CpuSeconds, string? Changes)
{
    public double EventsPerSecond => Seconds <= 0 ? 0 : Processed / Seconds;

    /// <summary>Events per second of the host process's own processor time (PostgreSQL's is not counted): what the rebuild costs, whatever else the machine is doing.</summary>
    public double EventsPerCpuSecond => CpuSeconds <= 0 ? 0 : Processed / CpuSeconds;
}

sealed record Options(string Connection, string Host, long[] Sizes, string Output, string Label)
{
    public static Options? Parse(string[] args)
    {
        string? connection = null, host = null, output = Path.Combine("bench", "results", "rebuild.md"), label = "";
        long[] sizes = [100_000, 1_000_000];
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--connection": connection = args[i + 1]; break;
                case "--host": host = args[i + 1]; break;
                case "--sizes": sizes = args[i + 1].Split(',').Select(x => long.Parse(x, CultureInfo.InvariantCulture)).Order().ToArray(); break;
                case "--output": output = args[i + 1]; break;
                case "--label": label = args[i + 1]; break;
                default:
                    Console.Error.WriteLine($"Unknown option {args[i]}");
                    return null;
            }
        }
        if (connection is null || host is null)
        {
            Console.Error.WriteLine("Usage: Zumodra.Bench.Rebuild --connection <PostgreSQL> --host <path of Zumodra.Host.dll> [--sizes 100000,1000000] [--output bench/results/rebuild.md] [--label text]");
            return null;
        }
        return new Options(connection, host, sizes, output, label);
    }
}
