using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR.Client;
using Zumodra.BuildingBlocks;
using Zumodra.Jobs;

namespace Zumodra.Tests.Infrastructure;

/// <summary>
/// The real application in its own process, on a real Kestrel socket bound to loopback, against its own
/// database. Tests talk to it as clients do (HTTP, the SignalR .NET client) and can kill it outright.
/// </summary>
public sealed partial class LiveServer : IAsyncDisposable
{
    private readonly TestDatabase _database;
    private readonly bool _ownsDatabase;
    private readonly Dictionary<string, string> _settings;
    private Process? _process;

    /// <summary>Every line the current process printed: the last ones explain a failed start; a test may read them all.</summary>
    private readonly List<string> _output = [];

    private LiveServer(TestDatabase database, Dictionary<string, string> settings, bool ownsDatabase = true)
    {
        _database = database;
        _ownsDatabase = ownsDatabase;
        _settings = settings;
    }

    /// <summary>Known once the process first listens: it binds a port the system picks, and keeps it across restarts.</summary>
    public Uri BaseAddress => _baseAddress ?? throw new InvalidOperationException("The server has not started yet.");

    public HttpClient Http { get; } = new();

    private Uri? _baseAddress;
    public string AdminToken { get; private set; } = "";
    public string ConnectionString => _database.ConnectionString;

    /// <summary>The running process's id, to read what the system knows of it (<c>/proc/{id}</c>).</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("The server is not running.");

    /// <summary>
    /// How long a host may take to answer its health check. Generous: on a busy machine (two cores, several hosts
    /// compiling their handlers at once, other work beside) a start can take a minute; bounded, so a host that never
    /// comes up fails its tests instead of hanging them.
    /// </summary>
    private static readonly TimeSpan Readiness = TimeSpan.FromSeconds(180);

    /// <summary>
    /// Hosts start two at a time: a dozen collections starting theirs together on a small machine made every start
    /// slow enough to time out. Running hosts are not limited.
    /// </summary>
    private static readonly SemaphoreSlim Starting = new(2);

    public static async Task<LiveServer> StartAsync(string purpose, Dictionary<string, string>? settings = null)
    {
        var server = new LiveServer(await TestDatabase.CreateAsync(purpose), settings ?? []);
        try
        {
            await server.StartProcessAsync();
        }
        catch
        {
            // Nobody else holds this server: without this the process would outlive the tests, loading the machine.
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    /// <summary>Another node of the same site: its own process and port, this server's database, the same settings.</summary>
    public async Task<LiveServer> StartAnotherNodeAsync()
    {
        var node = new LiveServer(_database, _settings, ownsDatabase: false);
        try
        {
            await node.StartProcessAsync();
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
        return node;
    }

    public async Task StartProcessAsync()
    {
        // Port 0 the first time: a port picked here and bound later by the process could be taken meanwhile (by another
        // test run on the machine, whose server would then answer this one's requests).
        var urls = _baseAddress?.ToString().TrimEnd('/') ?? "http://127.0.0.1:0";
        var start = HostProcess("--urls", urls);
        // Its "Now listening on" line tells the port.
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        // All test traffic comes from 127.0.0.1; tests of the HTTP limits turn them back on.
        start.Environment["Zumodra__RateLimiting__Enabled"] = "false";
        // A test process starved on a busy machine can miss its keep-alives for longer than the default 30 s; the server
        // would then close its connections, and the test would see pushes go missing (as TolerantHubConnection, server side).
        start.Environment["Zumodra__Live__ClientTimeout"] = "00:03:00";
        Configure(start);
        await Starting.WaitAsync();
        try
        {
            _output.Clear();
            _process = Process.Start(start)!;
            _process.OutputDataReceived += (_, line) => Keep(line.Data);
            _process.ErrorDataReceived += (_, line) => Keep(line.Data);
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
            await WaitUntilHealthyAsync(_process);
        }
        catch
        {
            await KillAsync();
            throw;
        }
        finally
        {
            Starting.Release();
        }
        AdminToken = await IssueAdminTokenAsync();
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        if (_baseAddress is null && ListeningOn().Match(line) is { Success: true } listening)
        {
            _baseAddress = new Uri(listening.Groups[1].Value);
            Http.BaseAddress = _baseAddress;
        }
        lock (_output)
        {
            _output.Add(line);
            _awaited.RemoveAll(awaited => awaited.Match(line) && awaited.Seen.TrySetResult(line));
            foreach (var (match, count) in _counted) if (match(line)) count.Value++;
        }
    }

    private readonly List<(Func<string, bool> Match, System.Runtime.CompilerServices.StrongBox<int> Count)> _counted = [];

    /// <summary>Counts the lines the server writes from now on that match; the returned function reads the count.</summary>
    public Func<int> StartCounting(Func<string, bool> match)
    {
        var count = new System.Runtime.CompilerServices.StrongBox<int>();
        lock (_output) _counted.Add((match, count));
        return () =>
        {
            lock (_output) return count.Value;
        };
    }

    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Seen)> _awaited = [];

    /// <summary>Completes with the next line the server writes that matches: a test acts when the server did something.</summary>
    public Task<string> NextLineAsync(Func<string, bool> match)
    {
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_output) _awaited.Add((match, seen));
        return seen.Task;
    }

    /// <summary>The last lines the server process wrote, to explain a failure.</summary>
    public string RecentOutput()
    {
        lock (_output) return string.Join('\n', _output.TakeLast(200));
    }

    /// <summary>Every line the process wrote (stdout and stderr), from its start; after <see cref="StopAsync"/>, to its end.</summary>
    public IReadOnlyList<string> Output()
    {
        lock (_output) return [.. _output];
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningOn();

    private async Task WaitUntilHealthyAsync(Process process)
    {
        var clock = Stopwatch.StartNew();
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"The host exited with code {process.ExitCode} while starting:\n{RecentOutput()}");
            try
            {
                if (_baseAddress is { } address && (await probe.GetAsync(new Uri(address, "/health"))).StatusCode == HttpStatusCode.OK) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet, or too busy starting to answer.
            }
            if (clock.Elapsed > Readiness) throw new TimeoutException($"The host did not become healthy within {Readiness.TotalSeconds} s:\n{RecentOutput()}");
            await Task.Delay(100);
        }
    }

    /// <summary>The host with <paramref name="arguments"/>, on this server's database and key, its output read here.</summary>
    private ProcessStartInfo HostProcess(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet", [HostAssembly(), .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(HostAssembly())!,
        };
        start.Environment["ConnectionStrings__Zumodra"] = _database.ConnectionString;
        start.Environment["Zumodra__Auth__SigningKey"] = AppFixture.SigningKey;
        // As scripts/run.sh runs it, whatever the shell running the tests says: with the code generated ahead of time.
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        return start;
    }

    /// <summary>The server's settings, last: they win over the defaults above, for the server and its commands alike.</summary>
    private void Configure(ProcessStartInfo start)
    {
        foreach (var (key, value) in _settings) start.Environment[key.Replace(":", "__")] = value;
    }

    /// <summary>Runs a host command (e.g. <c>seed</c>, <c>admin-token</c>) against this server's database, with its settings; returns its output lines.</summary>
    public async Task<string[]> RunCommandAsync(params string[] arguments)
    {
        var start = HostProcess(arguments);
        Configure(start);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            // Bounded like a host's start, and as generous: a command builds the whole host too.
            await process.WaitForExitAsync().WaitAsync(Readiness);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        process.ExitCode.ShouldBe(0, $"{string.Join(' ', arguments)} failed: {await errors}");
        return (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>
    /// Stops the process as a service manager or Ctrl+C does (SIGTERM: a graceful shutdown) and waits until it has exited
    /// and its output is read; returns its exit code.
    /// </summary>
    public async Task<int> StopAsync()
    {
        var process = _process ?? throw new InvalidOperationException("The server is not running.");
        using (var terminate = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
            await terminate.WaitForExitAsync();
        await process.WaitForExitAsync().WaitAsync(Readiness);
        var exitCode = process.ExitCode;
        process.Dispose();
        _process = null;
        return exitCode;
    }

    /// <summary>Ends the process at once, as a crash would: no graceful shutdown, nothing flushed.</summary>
    public async Task KillAsync()
    {
        if (_process is null) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    public HubConnection Connect(string query = "", Action<HubConnection>? configure = null)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(BaseAddress, "/hubs/live" + query), options => options.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets)
            .Build()
            .Tolerant();
        configure?.Invoke(connection);
        return connection;
    }

    public async Task<Written> PostJobAsync(JobForm form)
    {
        var response = await Send(HttpMethod.Post, "/api/jobs", form);
        return (await response.Content.ReadFromJsonAsync<Written>())!;
    }

    public async Task<Written> SendJobAsync(HttpMethod method, string path, object? body = null)
    {
        var response = await Send(method, path, body);
        return (await response.Content.ReadFromJsonAsync<Written>())!;
    }

    /// <summary>An admin request, answered as it comes (no check of the status); from <paramref name="clientAddress"/> when given.</summary>
    public async Task<HttpResponseMessage> SendAsAdminAsync(HttpMethod method, string path, object? body = null, string? clientAddress = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        if (clientAddress is not null) request.Headers.Add("X-Forwarded-For", clientAddress);
        if (body is not null) request.Content = JsonContent.Create(body);
        return await Http.SendAsync(request);
    }

    private async Task<HttpResponseMessage> Send(HttpMethod method, string path, object? body)
    {
        var response = await SendAsAdminAsync(method, path, body);
        if (!response.IsSuccessStatusCode)
            throw new ShouldAssertException(
                $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}; the server's last lines:\n{RecentOutput()}");
        return response;
    }

    private Task<string> IssueAdminTokenAsync()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new Zumodra.Host.Infrastructure.AuthOptions { SigningKey = AppFixture.SigningKey });
        return Task.FromResult(new Zumodra.Host.Infrastructure.AdminTokens(options, TimeProvider.System).Issue());
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        Http.Dispose();
        if (_ownsDatabase) await _database.DisposeAsync();
    }

    /// <summary>The host built alongside these tests (same configuration), found from the repository root.</summary>
    private static string HostAssembly()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Zumodra.sln"))) directory = directory.Parent;
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        return Path.Combine(directory!.FullName, "src", "Host", "bin", configuration, "net10.0", "Zumodra.Host.dll");
    }
}
