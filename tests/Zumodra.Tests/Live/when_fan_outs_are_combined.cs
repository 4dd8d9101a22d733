using System.Buffers;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Zumodra.Live;
using Zumodra.Live.Hubs;

namespace Zumodra.Tests.Live;

/// <summary>
/// Under load the fan-out thread writes several pushes to a client at once. The combined write must read, with the hub
/// protocol's own parser, as exactly those messages in order; clients offered the same messages share one copy.
/// </summary>
public sealed class when_fan_outs_are_combined
{
    private static readonly IHubProtocol Json = new JsonHubProtocol();

    private static FanOutRound NewRound() =>
        new(NullLogger.Instance, new LiveTelemetry(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>()));

    private static SerializedHubMessage Push(string method, int n) => new(new InvocationMessage(method, [new { sequence = n }]));

    [Fact]
    public void the_client_reads_every_message_in_order()
    {
        var messages = new[] { Push("job_created", 1), Push("job_updated", 2), Push("job_deleted", 3) };

        var combined = NewRound().Combine(Json, messages).GetSerializedMessage(Json);

        var buffer = new ReadOnlySequence<byte>(combined);
        var read = new List<InvocationMessage>();
        while (Json.TryParseMessage(ref buffer, new Binder(), out var message)) read.Add(message.ShouldBeOfType<InvocationMessage>());
        buffer.Length.ShouldBe(0);
        read.Select(m => m.Target).ShouldBe(["job_created", "job_updated", "job_deleted"]);
        read.Select(m => ((System.Text.Json.JsonElement)m.Arguments[0]!).GetProperty("sequence").GetInt32()).ShouldBe([1, 2, 3]);
    }

    [Fact]
    public void clients_offered_the_same_messages_share_one_copy()
    {
        var round = NewRound();
        var first = Push("job_created", 1);
        var second = Push("job_updated", 2);

        var one = round.Combine(Json, new List<SerializedHubMessage> { first, second });
        var same = round.Combine(Json, new List<SerializedHubMessage> { first, second });
        var reversed = round.Combine(Json, new List<SerializedHubMessage> { second, first });

        same.ShouldBeSameAs(one);
        reversed.ShouldNotBeSameAs(one);
    }

    /// <summary>What a client-side parser needs: every push is an invocation with one JSON argument.</summary>
    private sealed class Binder : IInvocationBinder
    {
        public IReadOnlyList<Type> GetParameterTypes(string methodName) => [typeof(System.Text.Json.JsonElement)];

        public Type GetReturnType(string invocationId) => typeof(object);

        public Type GetStreamItemType(string streamId) => typeof(object);
    }
}
