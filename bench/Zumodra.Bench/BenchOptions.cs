using System.Globalization;

namespace Zumodra.Bench;

/// <summary>Command-line settings. Every wait has a bound, so a run always ends by itself.</summary>
public sealed class BenchOptions
{
    public const string Usage = """
        Zumodra live fan-out benchmark (normally started by bench/run.sh).
        With "pairs" first: renders the report of bench/run.sh --pairs from its manifest, with the options its runs had.
        With "failover" first: kills the last of two or more nodes mid-burst (see Failover.cs); --clients takes one count.

          --url URL[,URL…]          host base address (loopback), e.g. http://127.0.0.1:5300; several: the nodes of one
                                    cluster, client i connecting to node i mod N, write i made through node i mod N [required]
          --token TOKEN             admin bearer token (or environment variable ZUMODRA_ADMIN_TOKEN) [required]
          --server-pid PID[,PID…]   host process(es), in --url's order, for CPU and RSS figures from /proc (summed; optional)
          --server-log PATH[,PATH…] host log file(s), to count warnings/errors per scenario (optional)
          --clients 100,1000,3000   subscriber counts of the fan-out scenarios ("" or 0: none)
          --idle 10000              connections of the idle scenario (0: skip)
          --rate 50                 admin writes per second during a fan-out scenario
          --duration 10             seconds of writing per fan-out scenario (and of holding in the idle one)
          --repeat 1                runs of each fan-out scenario; the table shows medians
          --idle-repeat 1           runs of the idle scenario
          --idle-writes 5           writes spread over the idle hold (0: none)
          --hostile 0               hostile connections (one address) spending its budgets with the worst filters; when
                                    not 0, each fan-out scenario runs without them, then with them, and the report compares
          --warmup-clients 1000     clients of an unreported warm-up run (rate and duration as above) before the first scenario (0: none)
          --client protocol         protocol: lean WebSocket clients speaking SignalR's JSON hub protocol;
                                    signalr: the SignalR .NET client (HubConnection), heavier on the shared CPU
          --connect-concurrency 64  connections opened at a time
          --max-in-flight 32        concurrent admin writes at most (the writer falls behind beyond this)
          --connect-timeout 30      seconds allowed for one connection's handshake
          --drain-timeout 30        seconds to wait for outstanding deliveries after the last write
          --max-minutes 30          hard limit for the whole run
          --output PATH             where the Markdown table is also written [bench/results/live-fanout.md]
          --label TEXT              shown in the report header (e.g. the commit)
          --host-env TEXT           the host's environment, shown in the report header
          --record PATH             where the runs' figures are also written as JSON (for the pairs report)
          --manifest PATH           pairs: the runs to report, one a line (bench/run.sh writes it)
          --subject TARGET          pairs: the target whose p99 is the ratio's numerator [zumodra]
        """;

    /// <summary>The nodes; one unless the host runs as a cluster.</summary>
    public Uri[] Urls { get; private set; } = [];
    public Uri Url => Urls[0];
    public string Token { get; private set; } = "";
    public int[] ServerPids { get; private set; } = [];
    public string[] ServerLogs { get; private set; } = [];
    public int[] Clients { get; private set; } = [100, 1000, 3000];
    public int IdleClients { get; private set; } = 10_000;
    public double Rate { get; private set; } = 50;
    public double DurationSeconds { get; private set; } = 10;
    public int Repeat { get; private set; } = 1;
    public int IdleRepeat { get; private set; } = 1;
    public int IdleWrites { get; private set; } = 5;
    public int WarmupClients { get; private set; } = 1000;
    public int Hostile { get; private set; }
    public ClientKind Client { get; private set; } = ClientKind.Protocol;
    public int ConnectConcurrency { get; private set; } = 64;
    public int MaxInFlightWrites { get; private set; } = 32;
    public TimeSpan ConnectTimeout { get; private set; } = TimeSpan.FromSeconds(30);
    public TimeSpan DrainTimeout { get; private set; } = TimeSpan.FromSeconds(30);
    public TimeSpan MaxRunTime { get; private set; } = TimeSpan.FromMinutes(30);
    public string Output { get; private set; } = Path.Combine("bench", "results", "live-fanout.md");
    public string? Label { get; private set; }
    public string? HostEnvironment { get; private set; }
    public string? Record { get; private set; }
    public string? Manifest { get; private set; }
    public string Subject { get; private set; } = "zumodra";

    /// <summary>Writes in one fan-out scenario.</summary>
    public int WritesPerScenario => Math.Max(1, (int)Math.Round(Rate * DurationSeconds));

    /// <param name="pairs">Rendering the pairs report: no host to drive, the manifest instead.</param>
    public static BenchOptions Parse(string[] args, bool pairs = false)
    {
        var options = new BenchOptions { Token = Environment.GetEnvironmentVariable("ZUMODRA_ADMIN_TOKEN") ?? "" };
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name is "-h" or "--help") throw new UsageException(null);
            if (i + 1 >= args.Length) throw new UsageException($"{name} needs a value.");
            var value = args[++i];
            switch (name)
            {
                case "--url": options.Urls = List(value).Select(url => new Uri(url.TrimEnd('/') + "/")).ToArray(); break;
                case "--token": options.Token = value; break;
                case "--server-pid": options.ServerPids = List(value).Select(pid => PositiveInt(name, pid)).ToArray(); break;
                case "--server-log": options.ServerLogs = List(value); break;
                case "--clients":
                    options.Clients = List(value).Select(v => NonNegativeInt(name, v)).Where(v => v > 0).ToArray();
                    break;
                case "--idle": options.IdleClients = NonNegativeInt(name, value); break;
                case "--rate": options.Rate = PositiveDouble(name, value); break;
                case "--duration": options.DurationSeconds = PositiveDouble(name, value); break;
                case "--repeat": options.Repeat = PositiveInt(name, value); break;
                case "--idle-repeat": options.IdleRepeat = PositiveInt(name, value); break;
                case "--idle-writes": options.IdleWrites = NonNegativeInt(name, value); break;
                case "--warmup-clients": options.WarmupClients = NonNegativeInt(name, value); break;
                case "--hostile": options.Hostile = NonNegativeInt(name, value); break;
                case "--client":
                    options.Client = value switch
                    {
                        "protocol" => ClientKind.Protocol,
                        "signalr" => ClientKind.SignalR,
                        _ => throw new UsageException("--client must be protocol or signalr."),
                    };
                    break;
                case "--connect-concurrency": options.ConnectConcurrency = PositiveInt(name, value); break;
                case "--max-in-flight": options.MaxInFlightWrites = PositiveInt(name, value); break;
                case "--connect-timeout": options.ConnectTimeout = TimeSpan.FromSeconds(PositiveDouble(name, value)); break;
                case "--drain-timeout": options.DrainTimeout = TimeSpan.FromSeconds(PositiveDouble(name, value)); break;
                case "--max-minutes": options.MaxRunTime = TimeSpan.FromMinutes(PositiveDouble(name, value)); break;
                case "--output": options.Output = value; break;
                case "--label": options.Label = value; break;
                case "--host-env": options.HostEnvironment = value; break;
                case "--record": options.Record = value; break;
                case "--manifest": options.Manifest = value; break;
                case "--subject": options.Subject = value; break;
                default: throw new UsageException($"Unknown option {name}.");
            }
        }
        if (pairs) return options.Manifest is not null ? options : throw new UsageException("pairs: --manifest is required.");
        if (options.Urls.Length == 0) throw new UsageException("--url is required.");
        if (!options.Urls.All(url => url.IsLoopback)) throw new UsageException("--url must be a loopback address: the benchmark only ever runs against this machine.");
        if (string.IsNullOrWhiteSpace(options.Token)) throw new UsageException("--token (or ZUMODRA_ADMIN_TOKEN) is required.");
        return options;
    }

    private static string[] List(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static int PositiveInt(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed > 0
            ? parsed
            : throw new UsageException($"{name} must be a positive whole number.");

    private static int NonNegativeInt(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : throw new UsageException($"{name} must be a whole number.");

    private static double PositiveDouble(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && parsed > 0
            ? parsed
            : throw new UsageException($"{name} must be a positive number.");
}

public sealed class UsageException(string? problem) : Exception(problem ?? "")
{
    public string? Problem { get; } = problem;
}
