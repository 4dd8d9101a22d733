using System.Globalization;
using System.Text.Json;
using JasperFx.CommandLine;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Zumodra.Admin.Catalog;
using Zumodra.Admin.ListingProjections;
using Zumodra.Admin.RebuildingProjections;

namespace Zumodra.Admin.Commands;

public sealed class AdminRebuildInput : NetCoreInput
{
    [Description("The projection to rebuild, e.g. JobBrowseItem (see the list without arguments)")]
    public string Projection { get; set; } = "";

    [Description("Rebuild every projection that can be rebuilt, one after the other")]
    public bool AllFlag { get; set; }

    [Description("Print each rebuild's final status as one JSON line")]
    public bool JsonFlag { get; set; }
}

[Description("Lists the projections, or rebuilds one with a progress bar while the read model stays online", Name = "admin-rebuild")]
public sealed class AdminRebuildCommand : JasperFxAsyncCommand<AdminRebuildInput>
{
    private static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("en-GB");

    public AdminRebuildCommand()
    {
        Usage("Lists the projections with their state");
        Usage("Rebuilds one projection").Arguments(x => x.Projection);
    }

    public override async Task<bool> Execute(AdminRebuildInput input)
    {
        using var host = input.BuildHost();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var catalog = host.Services.GetRequiredService<ProjectionCatalog>();
        var rebuilds = host.Services.GetRequiredService<ProjectionRebuilds>();

        if (string.IsNullOrWhiteSpace(input.Projection) && !input.AllFlag)
        {
            await ListAsync(host.Services.GetRequiredService<ProjectionOverview>());
            return true;
        }

        var names = input.AllFlag ? catalog.All.Where(x => x.Document is not null).Select(x => x.Name).ToList() : [input.Projection];
        var succeeded = true;
        foreach (var name in names) succeeded &= await RebuildAsync(rebuilds, name, input.JsonFlag);
        return succeeded;
    }

    private static async Task ListAsync(ProjectionOverview overview)
    {
        var projections = await overview.ReadAsync(CancellationToken.None);
        Console.WriteLine($"High-water mark {projections.HighWaterMark.ToString("N0", Culture)}; {projections.EventCount.ToString("N0", Culture)} events in {projections.StreamCount.ToString("N0", Culture)} streams");
        Console.WriteLine($"{"Projection",-24} {"Lifecycle",-8} {"Documents",12} {"Position",12} {"State",-11} Rebuild");
        foreach (var p in projections.Projections)
            Console.WriteLine($"{p.Name,-24} {p.Lifecycle,-8} {p.Documents?.ToString("N0", Culture) ?? "-",12} {p.Position?.ToString("N0", Culture) ?? "-",12} {p.State,-11} {(p.Rebuildable ? "yes" : p.NotRebuildable)}");
    }

    private static async Task<bool> RebuildAsync(ProjectionRebuilds rebuilds, string name, bool json)
    {
        var start = await rebuilds.StartAsync(name, "cli", CancellationToken.None);
        if (start.Outcome != RebuildStartOutcome.Started)
        {
            await Console.Error.WriteLineAsync(start.Outcome switch
            {
                RebuildStartOutcome.UnknownProjection => $"No projection is named {name}; run admin-rebuild without arguments to list them.",
                RebuildStartOutcome.NotRebuildable => $"{start.Projection} cannot be rebuilt here: {start.Reason}",
                _ => $"{start.Projection} is already being rebuilt.",
            });
            return false;
        }

        var bar = new ProgressBar(start.Projection);
        var finished = rebuilds.WhenFinished(start.Projection);
        while (!finished.IsCompleted)
        {
            if (await rebuilds.StatusAsync(start.Projection, CancellationToken.None) is { } running) bar.Show(RebuildStatusResponse.From(running));
            await Task.WhenAny(finished, Task.Delay(250));
        }
        var status = RebuildStatusResponse.From((await rebuilds.StatusAsync(start.Projection, CancellationToken.None))!);
        bar.Finish(status);
        if (json) Console.WriteLine(JsonSerializer.Serialize(status, JsonSerializerOptions.Web));
        return status.State == RebuildStates.Completed;
    }

    /// <summary>A one-line bar on the terminal; a line every few seconds when the output goes to a file.</summary>
    private sealed class ProgressBar(string projection)
    {
        private const int Width = 30;
        private readonly bool _interactive = !Console.IsErrorRedirected;
        private DateTime _lastLine = DateTime.MinValue;

        public void Show(RebuildStatusResponse status)
        {
            var line = Line(status);
            if (_interactive) Console.Error.Write("\r" + Fit(line));
            else if (DateTime.UtcNow - _lastLine > TimeSpan.FromSeconds(2))
            {
                Console.Error.WriteLine(line);
                _lastLine = DateTime.UtcNow;
            }
        }

        public void Finish(RebuildStatusResponse status)
        {
            if (_interactive) Console.Error.WriteLine("\r" + Fit(Line(status)));
            var summary = status.State == RebuildStates.Completed
                ? $"{projection}: rebuilt {status.EventsProcessed.ToString("N0", Culture)} events into {status.Changes?.Documents.ToString("N0", Culture)} documents in {status.ElapsedSeconds.ToString("N1", Culture)} s ({status.EventsPerSecond.ToString("N0", Culture)} events/s); {status.Changes?.Inserted} inserted, {status.Changes?.Updated} updated, {status.Changes?.Deleted} deleted, {status.Changes?.CaughtUpStreams} streams caught up"
                : $"{projection}: failed: {status.Error}";
            Console.WriteLine(summary);
        }

        private string Line(RebuildStatusResponse status)
        {
            var filled = (int)Math.Round(Width * Math.Clamp(status.PercentComplete, 0, 100) / 100);
            var eta = status.EtaSeconds is { } seconds ? $" ETA {Math.Ceiling(seconds).ToString(Culture)} s" : "";
            return $"{projection} [{new string('#', filled)}{new string('.', Width - filled)}] {status.PercentComplete.ToString("N1", Culture),5}% " +
                   $"{status.EventsProcessed.ToString("N0", Culture)}/{status.EventsTotal.ToString("N0", Culture)} events " +
                   $"{status.EventsPerSecond.ToString("N0", Culture)} ev/s {status.Phase}{eta}";
        }

        private static string Fit(string line)
        {
            var width = Math.Max(20, SafeWidth() - 1);
            return line.Length >= width ? line[..width] : line.PadRight(width);
        }

        private static int SafeWidth()
        {
            try
            {
                return Console.WindowWidth > 0 ? Console.WindowWidth : 120;
            }
            catch (IOException)
            {
                return 120;
            }
        }
    }
}
