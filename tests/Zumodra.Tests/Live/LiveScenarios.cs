using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Zumodra.BuildingBlocks;
using Zumodra.Jobs;
using Zumodra.Tests.Infrastructure;
using Zumodra.Tests.Jobs;

namespace Zumodra.Tests.Live;

/// <summary>Admin writes and visitor connections against a real <see cref="LiveServer"/>, and reading what was pushed.</summary>
public static class LiveScenarios
{
    /// <summary>A title no other test uses, so that a shared server's tests never confuse each other's jobs.</summary>
    public static string Unique(string title) => $"{title} {Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>A job that differs from <see cref="JobScenarios.AJob"/> only in its (unique) title.</summary>
    public static JobForm AUniqueJob(string title = "Backend Engineer", string jobType = "full_time") => JobScenarios.AJob(Unique(title), jobType);

    /// <summary>
    /// Connects a <see cref="LiveProbe"/>. A 429 is retried for a few seconds: the server frees a closed connection's slot only once
    /// it has finished that request, a moment after the client's close returned. (Refusals are asserted with raw attempts instead.)
    /// A 404 is retried twice: SignalR forgets a negotiated connection not opened within 15 s, which a starved machine can take.
    /// </summary>
    public static async Task<LiveProbe> Listen(this LiveServer server, string query = "", Action<HubConnection>? configure = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var forgotten = 0;
        while (true)
        {
            var probe = new LiveProbe(server.Connect(query, configure));
            try
            {
                return await probe.StartAsync();
            }
            catch (Exception refused) when ((refused.ToString().Contains("429") && DateTime.UtcNow < deadline)
                                            || (refused.ToString().Contains("status code '404'") && ++forgotten <= 2))
            {
                await probe.DisposeAsync();
                await Task.Delay(50);
            }
        }
    }

    /// <summary>Posts a job and waits until <paramref name="client"/> sees it; returns its sequence, to catch up after.</summary>
    public static async Task<long> PostJobSeenBy(this LiveServer server, LiveProbe client, string title)
    {
        var id = (await server.PostJobAsync(AUniqueJob(title))).Id;
        return (await client.WaitForJobs([id], 1)).ShouldHaveSingleItem().Payload.Sequence();
    }

    public static Task<Written> EditJobAsync(this LiveServer server, Guid id, JobForm form) =>
        server.SendJobAsync(HttpMethod.Put, $"/api/jobs/{id}", form);

    public static Task<Written> CloseJobAsync(this LiveServer server, Guid id) => server.SendJobAsync(HttpMethod.Post, $"/api/jobs/{id}/close");

    public static Task<Written> ReopenJobAsync(this LiveServer server, Guid id) => server.SendJobAsync(HttpMethod.Post, $"/api/jobs/{id}/reopen");

    public static Task<Written> DeleteJobAsync(this LiveServer server, Guid id) => server.SendJobAsync(HttpMethod.Delete, $"/api/jobs/{id}");

    public static long Sequence(this JsonElement push) => push.GetProperty("sequence").GetInt64();

    /// <summary>The id of the job a push is about: <c>item.id</c> for created/updated, <c>id</c> for deleted.</summary>
    public static Guid ItemId(this JsonElement push) =>
        push.TryGetProperty("item", out var item) ? item.GetProperty("id").GetGuid() : push.GetProperty("id").GetGuid();

    public static string Title(this JsonElement push) => push.GetProperty("item").GetProperty("title").GetString()!;

    public static long Version(this JsonElement push) => push.GetProperty("item").GetProperty("version").GetInt64();

    /// <summary>Each push as <c>method id</c>, for readable comparisons of what arrived in which order.</summary>
    public static List<string> Describe(this IEnumerable<(string Method, JsonElement Payload)> pushes, IReadOnlyDictionary<Guid, string> names) =>
        [.. pushes.Select(x => $"{x.Method} {names.GetValueOrDefault(x.Payload.ItemId(), x.Payload.ItemId().ToString())}")];

    public static List<long> Sequences(this IEnumerable<(string Method, JsonElement Payload)> pushes) =>
        [.. pushes.Select(x => x.Payload.Sequence())];

    /// <summary>Strictly increasing: in order, with no duplicate.</summary>
    public static void ShouldBeStrictlyIncreasing(this IReadOnlyList<long> sequences)
    {
        for (var i = 1; i < sequences.Count; i++)
            sequences[i].ShouldBeGreaterThan(sequences[i - 1], $"sequences must increase without repeats: {string.Join(", ", sequences)}");
    }
}
