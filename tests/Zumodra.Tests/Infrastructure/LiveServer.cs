using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.AspNetCore.SignalR.Client;
using Zumodra.BuildingBlocks;
using Zumodra.Jobs;

namespace Zumodra.Tests.Infrastructure;

/// <summary>
/// The real application in its own process, on a real Kestrel socket bound to loopback, against its own
/// database. Tests talk to it as clients do (HTTP, the SignalR .NET client) and can kill it outright.
/// </summary>
public sealed class LiveServer : IAsyncDisposable
{
    private readonly TestDatabase _database;
    private readonly Dictionary<string, string> _settings;
    private Process? _process;

    private LiveServer(TestDatabase database, int port, Dictionary<string, string> settings)
    {
        _database = database;
        _settings = settings;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        Http = new HttpClient { BaseAddress = BaseAddress };
    }

    public Uri BaseAddress { get; }
    public HttpClient Http { get; }
    public string AdminToken { get; private set; } = "";
    public string ConnectionString => _database.ConnectionString;

    public static async Task<LiveServer> StartAsync(string purpose, Dictionary<string, string>? settings = null)
    {
        var server = new LiveServer(await TestDatabase.CreateAsync(purpose), FreePort(), settings ?? []);
        await server.StartProcessAsync();
        return server;
    }

    public async Task StartProcessAsync()
    {
        var start = new ProcessStartInfo("dotnet", [HostAssembly(), "--urls", BaseAddress.ToString().TrimEnd('/')])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(HostAssembly())!,
        };
        start.Environment["ConnectionStrings__Zumodra"] = _database.ConnectionString;
        start.Environment["Zumodra__Auth__SigningKey"] = AppFixture.SigningKey;
        start.Environment["Logging__Console__FormatterName"] = "simple";
        // As scripts/run.sh runs the product.
        start.Environment["DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"] = "1";
        // All test traffic comes from 127.0.0.1; tests of the HTTP limits turn them back on.
        start.Environment["Zumodra__RateLimiting__Enabled"] = "false";
        foreach (var (key, value) in _settings) start.Environment[key.Replace(":", "__")] = value;
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The host exited with code {_process.ExitCode} while starting.");
            try
            {
                if ((await Http.GetAsync("/health")).StatusCode == HttpStatusCode.OK) break;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The host did not become healthy within 60 s.");
            await Task.Delay(100);
        }
        AdminToken = await IssueAdminTokenAsync();
    }

    /// <summary>Runs a host command (e.g. <c>seed</c>, <c>admin-token</c>) against this server's database; returns its output lines.</summary>
    public async Task<string[]> RunCommandAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet", [HostAssembly(), .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(HostAssembly())!,
        };
        start.Environment["ConnectionStrings__Zumodra"] = _database.ConnectionString;
        start.Environment["Zumodra__Auth__SigningKey"] = AppFixture.SigningKey;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        process.ExitCode.ShouldBe(0, $"{string.Join(' ', arguments)} failed: {await errors}");
        return (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
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
            .Build();
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

    private async Task<HttpResponseMessage> Send(HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        if (body is not null) request.Content = JsonContent.Create(body);
        var response = await Http.SendAsync(request);
        response.IsSuccessStatusCode.ShouldBeTrue($"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
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
        await _database.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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
