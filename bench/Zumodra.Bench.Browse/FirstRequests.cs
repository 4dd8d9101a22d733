using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Npgsql;

namespace Zumodra.Bench.Browse;

/// <summary>
/// A fast first request (issue #22): starts the host as scripts/run.sh does (the Release build, Production) on a fresh
/// database, <paramref name="runs"/> times, and times process start to the first 200 of /health and of /jobs, then 100
/// admin writes one after another: the first against the hundredth.
/// </summary>
internal static class FirstRequests
{
    private const int Writes = 100;

    public static async Task<int> RunAsync(string hostDll, string connectionString, string url, string token, int runs, string output)
    {
        var inv = CultureInfo.InvariantCulture;
        var results = new List<Run>();
        for (var r = 0; r < runs; r++)
        {
            var run = await OneRunAsync(hostDll, connectionString, new Uri(url.TrimEnd('/') + "/"), token);
            results.Add(run);
            Console.Error.WriteLine($"[startup-bench] run {r + 1}: {run.Row}");
        }

        var md = new StringBuilder();
        md.AppendLine("# First requests after start").AppendLine();
        md.AppendLine(inv, $"{DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC · {Environment.ProcessorCount} cores · load average {File.ReadAllText("/proc/loadavg").Trim()} · host and client on loopback, one machine").AppendLine();
        md.AppendLine(inv, $"The Release host in Production (as scripts/run.sh), each run on a fresh database (so start-up includes creating the schema), polled every 10 ms. Then {Writes} `POST /api/jobs` one after another with an admin token.").AppendLine();
        md.AppendLine("| run | start → `/health` 200 | start → `/jobs` 200 | first write | 100th write | writes 2–100, median | first / 100th |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (var r = 0; r < results.Count; r++) md.AppendLine(inv, $"| {r + 1} | {results[r].Row} |");
        var median = new Run(Median(results, x => x.Health), Median(results, x => x.Jobs), Median(results, x => x.FirstWrite), Median(results, x => x.HundredthWrite), Median(results, x => x.OtherWrites));
        md.AppendLine(inv, $"| **median** | {median.Row} |");
        Console.Out.Write(md.ToString());
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        await File.WriteAllTextAsync(output, md.ToString());
        return 0;
    }

    private sealed record Run(double Health, double Jobs, double FirstWrite, double HundredthWrite, double OtherWrites)
    {
        public string Row => string.Create(CultureInfo.InvariantCulture,
            $"{Health / 1000:N2} s | {Jobs / 1000:N2} s | {FirstWrite:N1} ms | {HundredthWrite:N1} ms | {OtherWrites:N1} ms | {FirstWrite / HundredthWrite:N1}×");
    }

    private static async Task<Run> OneRunAsync(string hostDll, string connectionString, Uri baseUrl, string token)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        await using (var server = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres" }.ConnectionString))
        {
            await server.OpenAsync();
            await using var drop = new NpgsqlCommand($"drop database if exists \"{database}\" with (force)", server);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"create database \"{database}\"", server);
            await create.ExecuteNonQueryAsync();
        }

        var start = new ProcessStartInfo("dotnet", [hostDll, "--urls", baseUrl.ToString().TrimEnd('/')])
        {
            WorkingDirectory = Path.GetDirectoryName(hostDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ConnectionStrings__Zumodra"] = connectionString;
        // Production, whatever the caller's shell says.
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        using var http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) };
        var clock = Stopwatch.StartNew();
        using var host = Process.Start(start)!;
        host.OutputDataReceived += (_, _) => { };
        host.ErrorDataReceived += (_, _) => { };
        host.BeginOutputReadLine();
        host.BeginErrorReadLine();
        try
        {
            var health = await FirstOkAsync(http, "health", host, clock);
            var jobs = await FirstOkAsync(http, "jobs", host, clock);
            var latencies = new List<double>(Writes);
            for (var i = 0; i < Writes; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "api/jobs")
                {
                    Content = new StringContent($$"""{"title":"Startup bench {{i}}","jobType":"full_time","location":"Berlin, Germany","latitude":52.52,"longitude":13.405}""", Encoding.UTF8, "application/json"),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                var t = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(request);
                latencies.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                if (response.StatusCode != HttpStatusCode.Created)
                    throw new InvalidOperationException($"write {i + 1}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
            var others = latencies.Skip(1).Order().ToList();
            return new Run(health, jobs, latencies[0], latencies[^1], others[others.Count / 2]);
        }
        finally
        {
            host.Kill(entireProcessTree: true);
            await host.WaitForExitAsync();
        }
    }

    /// <summary>Milliseconds from the process start to the first 200 of <paramref name="path"/>, asked every 10 ms.</summary>
    private static async Task<double> FirstOkAsync(HttpClient http, string path, Process host, Stopwatch clock)
    {
        while (true)
        {
            if (host.HasExited) throw new InvalidOperationException($"the host exited with code {host.ExitCode} while starting");
            if (clock.Elapsed > TimeSpan.FromMinutes(5)) throw new TimeoutException($"no 200 from /{path} within 5 minutes");
            try
            {
                using var response = await http.GetAsync(path);
                if (response.StatusCode == HttpStatusCode.OK) return clock.Elapsed.TotalMilliseconds;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(10);
        }
    }

    private static double Median(List<Run> runs, Func<Run, double> value) => runs.Select(value).Order().ElementAt(runs.Count / 2);
}
