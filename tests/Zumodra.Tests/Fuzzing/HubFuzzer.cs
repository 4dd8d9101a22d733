using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Zumodra.Tests.Infrastructure;
using Zumodra.Tests.Live;

namespace Zumodra.Tests.Fuzzing;

/// <summary>
/// Runs the hub cases over real WebSockets against a real server process: random invocations on a few long-lived
/// connections (so accepted hostile subscriptions stay registered), then random query-string joins. Checks that the
/// server never closes a connection for bad input, answers every bad input with a HubException or an <c>error</c> push
/// (filters the browse API refuses included), and that an unfiltered subscriber still receives a job posted through the API.
/// </summary>
internal static class HubFuzzer
{
    public const string ConnectionClosed = "connection closed by the server";
    public const string Unanswered = "bad input accepted without an error";
    public const string NoAnswer = "no answer";
    public const string ChannelFrozen = "an unfiltered subscriber stopped receiving";
    public const string JoinFailed = "join failed";
    public const string ApiServerError = "the browse API answered 5xx to the same filters";

    private const int Connections = 4;
    private const int CheckDeliveryEvery = 250;

    /// <summary>The hub closes a connection whose message is over MaxClientMessageBytes (16 KiB); that is documented, not a failure.</summary>
    private const int LargestMessage = 15 * 1024;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    public static async Task<FuzzReport> RunAsync(LiveServer server)
    {
        var report = new FuzzReport("hub");
        var clock = Stopwatch.StartNew();
        var accepted = new List<string>();
        await using var witness = await server.Listen("?channel=jobs");
        var probes = new LiveProbe[Connections];
        for (var i = 0; i < Connections; i++) probes[i] = await server.Listen();

        var invocations = FuzzSettings.HubInvocations;
        for (var index = 0; index < invocations; index++)
        {
            var @case = HubCase.Invocation(index);
            var slot = index % Connections;
            if (probes[slot].Connection.State != HubConnectionState.Connected)
            {
                await probes[slot].DisposeAsync();
                probes[slot] = await server.Listen();
            }
            await InvokeAsync(server, probes[slot], @case, report, accepted);
            if ((index + 1) % CheckDeliveryEvery == 0) await CheckDeliveryAsync(server, witness, report, index, accepted);
        }

        var joined = new List<LiveProbe>();
        for (var index = 0; index < FuzzSettings.HubJoins; index++)
        {
            var @case = HubCase.Join(index);
            var probe = await JoinAsync(server, @case, report, accepted);
            if (probe is not null) joined.Add(probe);
        }
        await CheckDeliveryAsync(server, witness, report, invocations + FuzzSettings.HubJoins, accepted);
        foreach (var probe in probes.Concat(joined))
        {
            if (probe.Connection.State != HubConnectionState.Connected)
                report.Fail(ConnectionClosed, "a fuzz connection was closed while idle", -1, "(see the other failures)");
            await probe.DisposeAsync();
        }
        report.Cases = invocations + FuzzSettings.HubJoins;
        report.Elapsed = clock.Elapsed;
        return report;
    }

    private static async Task InvokeAsync(LiveServer server, LiveProbe probe, HubCase @case, FuzzReport report, List<string> accepted)
    {
        var arguments = @case.ToArguments();
        bool oversized;
        try
        {
            oversized = Encoding.UTF8.GetByteCount(JsonSerializer.Serialize(arguments)) + Encoding.UTF8.GetByteCount(@case.Method) > LargestMessage;
        }
        catch (Exception unsendable) when (unsendable is ArgumentException or JsonException or InvalidOperationException)
        {
            // A lone surrogate in a .NET string (e.g. the method name): the SignalR client cannot send it; JSON escapes of
            // lone surrogates inside arguments are sent as written.
            report.Tally($"{Label(@case)}: not sendable by the .NET client");
            return;
        }
        var errorsBefore = Errors(probe);
        using var timeout = new CancellationTokenSource(Patience);
        string outcome;
        try
        {
            await probe.Connection.InvokeCoreAsync(@case.Method, typeof(JsonElement), arguments, timeout.Token);
            outcome = "ok";
        }
        catch (HubException refused)
        {
            outcome = Code(refused.Message);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            report.Fail(NoAnswer, $"{Label(@case)}: no answer within {Patience.TotalSeconds} s", @case.Index, @case.ToString());
            report.Tally($"{Label(@case)}: timeout");
            return;
        }
        catch (Exception unsendable) when (unsendable is ArgumentException or JsonException && probe.Connection.State == HubConnectionState.Connected)
        {
            report.Tally($"{Label(@case)}: not sendable by the .NET client");
            return;
        }
        catch (Exception closed) when (probe.Connection.State != HubConnectionState.Connected)
        {
            outcome = $"{closed.GetType().Name}: {closed.Message.Split('\n')[0]}";
        }
        if (probe.Connection.State != HubConnectionState.Connected)
        {
            report.Tally($"{Label(@case)}: closed{(oversized ? " (over the message limit)" : "")}");
            if (!oversized) report.Fail(ConnectionClosed, $"{Label(@case)}: {Hostile.Visible(outcome, 120)}", @case.Index, @case.ToString());
            return;
        }
        report.Tally($"{Label(@case)}: {outcome}");
        var apiRefuses = await ApiRefusesAsync(server, @case, report);
        var mustRefuse = @case.MustRefuse ?? apiRefuses;
        if (outcome == "ok" && mustRefuse is not null && !await ErrorPushedAsync(probe, errorsBefore))
            report.Fail(Unanswered, $"{Label(@case)} accepted {mustRefuse}", @case.Index, @case.ToString());
        else if (outcome == "ok" && @case.Method == "Subscribe") accepted.Add(@case.ToString());
    }

    private static async Task<LiveProbe?> JoinAsync(LiveServer server, HubCase @case, FuzzReport report, List<string> accepted)
    {
        LiveProbe probe;
        try
        {
            probe = await server.Listen(@case.Query!);
        }
        catch (Exception failed)
        {
            report.Tally("join: failed");
            report.Fail(JoinFailed, $"join: {failed.GetType().Name}: {Hostile.Visible(failed.Message.Split('\n')[0], 160)}", @case.Index, @case.ToString());
            return null;
        }
        var mustRefuse = @case.MustRefuse ?? await ApiRefusesAsync(server, @case, report);
        var refused = mustRefuse is not null && await ErrorPushedAsync(probe, 0);
        report.Tally($"join: {(refused ? "error pushed" : "joined")}");
        if (mustRefuse is not null && !refused)
        {
            var group = $"join accepted {mustRefuse}";
            report.Fail(Unanswered, group, @case.Index, @case.ToString());
            if (@case.MustRefuse is null) report.Shrunk(Unanswered, group, (await FewestFiltersAsync(server, @case)).ToString());
        }
        else if (mustRefuse is null && @case.Channel is not null) accepted.Add(@case.ToString());
        if (probe.Connection.State != HubConnectionState.Connected)
            report.Fail(ConnectionClosed, "join: the server closed the connection", @case.Index, @case.ToString());
        return probe;
    }

    /// <summary>Asks the browse API of the case's channel about the same filters: the hub must refuse what the API refuses (400).</summary>
    private static async Task<string?> ApiRefusesAsync(LiveServer server, HubCase @case, FuzzReport report)
    {
        if (@case.Filters is not { Count: > 0 } filters || @case.Channel is null || !HubCase.Channels.Contains(@case.Channel)) return null;
        var (status, fields) = await AskApiAsync(server, @case.Channel, filters);
        if (status >= 500) report.Fail(ApiServerError, $"GET /api/{@case.Channel} -> {status}", @case.Index, @case.ToString());
        return status == 400 ? $"filters that GET /api/{@case.Channel} refuses ({fields})" : null;
    }

    /// <summary>The browse API's answer to the filters: its status and, for a 400, the fields it names.</summary>
    private static async Task<(int Status, string Fields)> AskApiAsync(LiveServer server, string channel, IEnumerable<(string Name, string Value)> filters)
    {
        using var response = await server.Http.GetAsync($"/api/{channel}?{HubCase.ApiQuery(filters)}");
        var status = (int)response.StatusCode;
        if (status != 400) return (status, "");
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (status, problem.RootElement.TryGetProperty("errors", out var errors)
            ? string.Join(", ", errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal))
            : "");
    }

    /// <summary>
    /// The join's filters cut down to those the browse API still refuses for the same fields (cheap: asks only the API),
    /// confirmed once on the hub; the original join when the smaller one does not fail the same way.
    /// </summary>
    private static async Task<HubCase> FewestFiltersAsync(LiveServer server, HubCase @case)
    {
        var filters = @case.Filters!.ToList();
        var fields = (await AskApiAsync(server, @case.Channel!, filters)).Fields;
        for (var i = filters.Count - 1; i >= 0; i--)
        {
            var fewer = filters.Where((_, at) => at != i).ToList();
            if (await AskApiAsync(server, @case.Channel!, fewer) == (400, fields)) filters = fewer;
        }
        var smaller = @case.WithFilters(filters);
        await using var probe = await server.Listen(smaller.Query!);
        return await ErrorPushedAsync(probe, 0) ? @case : smaller;
    }

    private static string Label(HubCase @case) => @case.Method is "Subscribe" or "Unsubscribe" ? @case.Method : "unknown method";

    private static int Errors(LiveProbe probe) => probe.Received.Count(x => x.Method == "error");

    /// <summary>Whether an <c>error</c> push arrived after the first <paramref name="before"/> (given a moment to arrive).</summary>
    private static async Task<bool> ErrorPushedAsync(LiveProbe probe, int before) =>
        (await probe.WaitUntil(received => received.Count(x => x.Method == "error") > before, TimeSpan.FromSeconds(1)))
            .Count(x => x.Method == "error") > before;

    private static string Code(string message)
    {
        var colon = message.LastIndexOf("HubException: ", StringComparison.Ordinal);
        var text = colon >= 0 ? message[(colon + 14)..] : message;
        var code = text.Split(':')[0];
        if (code.Length <= 40 && !code.Contains(' ')) return code;
        if (text.Contains("Method does not exist", StringComparison.Ordinal)) return "method does not exist";
        return text.StartsWith("Failed to invoke", StringComparison.Ordinal) ? "arguments refused by SignalR's binding" : Hostile.Visible(text, 60);
    }

    /// <summary>Posts a job through the API; the unfiltered witness must receive it, however hostile the other live subscriptions are.</summary>
    private static async Task CheckDeliveryAsync(LiveServer server, LiveProbe witness, FuzzReport report, int afterCase, List<string> accepted)
    {
        var id = (await server.PostJobAsync(LiveScenarios.AUniqueJob("Fuzz Delivery"))).Id;
        if ((await witness.WaitForJobs([id], 1, Patience)).Count == 1) return;
        var suspects = accepted.OrderBy(x => x.Length).Take(3);
        report.Fail(ChannelFrozen, $"a job posted after case #{afterCase} did not reach an unfiltered 'jobs' subscriber within {Patience.TotalSeconds} s",
            afterCase, "accepted subscriptions so far, shortest first: " + string.Join(" | ", suspects));
    }
}
