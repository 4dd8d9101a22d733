using System.Text.Json;
using System.Text.RegularExpressions;
using Zumodra.Tests.Infrastructure;
using Zumodra.Tests.Live;

namespace Zumodra.Tests.Hosting;

/// <summary>
/// The host's own process from start to a graceful stop, read as an operator reads it: a normal run logs no error, in
/// JSON for machines when configured, else one plain line per entry.
/// </summary>
[Trait("Category", "Process")]
public sealed partial class when_running_the_host_normally
{
    /// <summary>JasperFx's note that <c>--urls</c> makes it run the web host: printed, not logged.</summary>
    private const string RunNote = "Detected reserved AspNetCore or .NET flags";

    /// <summary>A console entry of the JSON formatter: the line parsed; null for a line that is not one.</summary>
    private static JsonElement? Entry(string line)
    {
        if (!line.StartsWith('{')) return null;
        using var document = JsonDocument.Parse(line);
        return document.RootElement.Clone();
    }

    private static string Describe(JsonElement entry) =>
        $"{entry.GetProperty("LogLevel")} {entry.GetProperty("Category")}: {entry.GetProperty("Message")} {(entry.TryGetProperty("Exception", out var e) ? e.GetString() : "")}";

    private static void ShouldHaveNoErrors(IEnumerable<JsonElement> entries, string what)
    {
        var errors = entries.Where(x => x.GetProperty("LogLevel").GetString() is "Error" or "Critical").Select(Describe).ToList();
        errors.ShouldBeEmpty($"{what} logged {errors.Count} error(s):\n{string.Join('\n', errors)}");
    }

    [Fact]
    public async Task seeding_writing_delivering_live_and_stopping_log_no_error_in_json()
    {
        await using var server = await LiveServer.StartAsync("normalrun", new() { ["Logging:Console:FormatterName"] = "json" });

        var seeding = await server.RunCommandAsync("seed");
        seeding.ShouldContain("JobsDemoData: 300 added");
        ShouldHaveNoErrors(seeding.Select(Entry).OfType<JsonElement>(), "seed");

        await using (var visitor = await server.Listen("?channel=jobs"))
        {
            await server.PostJobSeenBy(visitor, "Normal Run Engineer");
            (await server.StopAsync()).ShouldBe(0, server.RecentOutput());
        }

        var output = server.Output();
        output.ShouldAllBe(line => line.StartsWith('{') || line.StartsWith(RunNote), "every entry is one JSON line");
        var entries = output.Select(Entry).OfType<JsonElement>().ToList();
        entries.ShouldContain(x => x.GetProperty("Message").GetString()!.StartsWith("Now listening on"));
        entries.ShouldContain(x => x.GetProperty("Message").GetString() == "Application is shutting down...");
        // For machines: a full timestamp, date and offset included.
        entries.Select(x => x.GetProperty("Timestamp").GetString()).ShouldAllBe(at => FullTimestamp().IsMatch(at!));
        ShouldHaveNoErrors(entries, "the server");
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$")]
    private static partial Regex FullTimestamp();

    /// <summary>The simple formatter's single line: time, level, category and event id, then the message.</summary>
    [GeneratedRegex(@"^\d\d:\d\d:\d\d (trce|dbug|info|warn|fail|crit): \S+\[\d+\] \S")]
    private static partial Regex PlainEntry();

    [Fact]
    public async Task by_default_each_entry_is_one_plain_line_uncoloured_when_not_on_a_terminal()
    {
        await using var server = await LiveServer.StartAsync("plainlogs");
        (await server.StopAsync()).ShouldBe(0, server.RecentOutput());

        var output = server.Output();
        output.ShouldContain(line => PlainEntry().IsMatch(line) && line.Contains("Microsoft.Hosting.Lifetime[14] Now listening on: http://127.0.0.1:"));
        output.ShouldContain(line => PlainEntry().IsMatch(line) && line.EndsWith("Application is shutting down..."));
        output.Where(line => !line.StartsWith(RunNote)).ShouldAllBe(line => PlainEntry().IsMatch(line), string.Join('\n', output));
        output.ShouldNotContain(line => line.Contains('\u001b'), "colours are for a terminal; this output is redirected");
    }
}
