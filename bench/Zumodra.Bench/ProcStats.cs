using System.Diagnostics;
using System.Globalization;

namespace Zumodra.Bench;

/// <summary>CPU time (user + system) of the host's processes (summed over the nodes), the machine's busy/total CPU time, and a wall-clock instant.</summary>
public readonly record struct CpuSnapshot(long Timestamp, double? ServerSeconds, double BenchSeconds, double PostgresSeconds, long MachineBusy, long MachineTotal)
{
    public static CpuSnapshot Take(int[] serverPids)
    {
        var (busy, total) = ProcStats.MachineJiffies();
        return new CpuSnapshot(Stopwatch.GetTimestamp(), ProcStats.Sum(serverPids, ProcStats.CpuSeconds),
            ProcStats.CpuSeconds(Environment.ProcessId) ?? 0, ProcStats.PostgresCpuSeconds(), busy, total);
    }
}

/// <summary>
/// CPU use between two snapshots: per process (group) as % of one core, the whole machine as % of all cores, and
/// what everything else on the machine (not the host, the bench or PostgreSQL) used, as % of one core.
/// </summary>
public readonly record struct CpuUse(double? ServerPercent, double BenchPercent, double PostgresPercent, double MachinePercent, double? OthersPercent)
{
    public static CpuUse Between(CpuSnapshot start, CpuSnapshot end)
    {
        var wall = Stopwatch.GetElapsedTime(start.Timestamp, end.Timestamp).TotalSeconds;
        if (wall <= 0) return new CpuUse(null, 0, 0, 0, null);
        double? server = start.ServerSeconds is { } a && end.ServerSeconds is { } b ? (b - a) / wall * 100 : null;
        var total = end.MachineTotal - start.MachineTotal;
        var machine = total > 0 ? (double)(end.MachineBusy - start.MachineBusy) / total * 100 : 0;
        var bench = (end.BenchSeconds - start.BenchSeconds) / wall * 100;
        var postgres = Math.Max(0, (end.PostgresSeconds - start.PostgresSeconds) / wall * 100);
        var machineOneCore = (end.MachineBusy - start.MachineBusy) / ProcStats.ClockTicksPerSecond / wall * 100;
        double? others = server is { } s ? Math.Max(0, machineOneCore - s - bench - postgres) : null;
        return new CpuUse(server, bench, postgres, machine, others);
    }
}

/// <summary>Reads /proc (Linux). Anything unreadable (no such process, another OS) comes back as null.</summary>
public static class ProcStats
{
    // USER_HZ: the unit of /proc/<pid>/stat times. 100 on every mainstream Linux build.
    public const double ClockTicksPerSecond = 100;

    /// <summary>utime + stime of the process, in seconds.</summary>
    public static double? CpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // "pid (comm) state ppid ..." — comm may contain spaces, so count fields after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var user = long.Parse(fields[11], CultureInfo.InvariantCulture); // field 14: utime
            var system = long.Parse(fields[12], CultureInfo.InvariantCulture); // field 15: stime
            return (user + system) / ClockTicksPerSecond;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>CPU seconds of all PostgreSQL processes (postmaster, backends, background workers) alive now.</summary>
    public static double PostgresCpuSeconds()
    {
        double sum = 0;
        try
        {
            foreach (var directory in Directory.EnumerateDirectories("/proc"))
            {
                var name = Path.GetFileName(directory);
                if (name.Length == 0 || !char.IsAsciiDigit(name[0])) continue;
                try
                {
                    var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                    var open = stat.IndexOf('(');
                    var close = stat.LastIndexOf(')');
                    if (open < 0 || close < open || !stat.AsSpan(open + 1, close - open - 1).StartsWith("postgres")) continue;
                    if (CpuSeconds(int.Parse(name, CultureInfo.InvariantCulture)) is { } seconds) sum += seconds;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
                {
                    // Gone meanwhile.
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return sum;
    }

    /// <summary>The 1-minute load average.</summary>
    public static double? LoadAverage()
    {
        try
        {
            return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    /// <summary>A figure summed over processes; null when there are none or one cannot be read.</summary>
    public static double? Sum(int[] pids, Func<int, double?> figure)
    {
        var values = pids.Select(figure).ToArray();
        return values.Length == 0 || values.Any(v => v is null) ? null : values.Sum();
    }

    /// <summary>Resident set size (VmRSS) of the processes together, in bytes.</summary>
    public static long? RssBytes(int[] pids) => (long?)Sum(pids, pid => RssBytes(pid));

    /// <summary>Resident set size (VmRSS) in bytes.</summary>
    public static long? RssBytes(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (!line.StartsWith("VmRSS:", StringComparison.Ordinal)) continue;
                var kib = line["VmRSS:".Length..].Trim().Split(' ')[0];
                return long.Parse(kib, CultureInfo.InvariantCulture) * 1024;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
        }
        return null;
    }

    public static bool IsAlive(int[] pids) => pids.All(pid => File.Exists($"/proc/{pid}/stat"));

    /// <summary>Busy and total jiffies of all CPUs, from the first line of /proc/stat.</summary>
    public static (long Busy, long Total) MachineJiffies()
    {
        try
        {
            var first = File.ReadLines("/proc/stat").First();
            var values = first.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
                .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            var total = values.Sum();
            var idle = values[3] + values[4]; // idle + iowait
            return (total - idle, total);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException)
        {
            return (0, 0);
        }
    }

    public static long? MachineMemoryBytes()
    {
        try
        {
            var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            return long.Parse(line["MemTotal:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }
}
