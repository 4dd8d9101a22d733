using Xunit.Abstractions;

namespace Zumodra.Tests.Fuzzing;

/// <summary>
/// The live hub with random arguments over a real socket (see <see cref="HubCase"/>): Subscribe, Unsubscribe and unknown
/// methods, and query-string joins. The cases run once; each test asserts one property of all the answers.
/// </summary>
[Trait("Category", "Process")]
[Collection(FuzzLiveCollection.Name)]
public sealed class when_fuzzing_the_live_hub(FuzzLiveApp app, ITestOutputHelper output)
{
    [Fact]
    public async Task no_input_closes_the_connection() =>
        (await app.HubRun).ShouldHaveNo(output, HubFuzzer.ConnectionClosed, HubFuzzer.JoinFailed, HubFuzzer.NoAnswer);

    [Fact]
    public async Task every_bad_input_is_answered_with_an_error() =>
        (await app.HubRun).ShouldHaveNo(output, HubFuzzer.Unanswered, HubFuzzer.ApiServerError);

    [Fact]
    public async Task an_unfiltered_subscriber_still_receives_every_change() =>
        (await app.HubRun).ShouldHaveNo(output, HubFuzzer.ChannelFrozen);
}
