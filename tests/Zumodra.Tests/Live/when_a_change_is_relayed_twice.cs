using Marten;
using Wolverine.Tracking;
using Zumodra.Live.Contracts;
using Zumodra.Live.Feed;
using Zumodra.Tests.Jobs;

namespace Zumodra.Tests.Live;

/// <summary>
/// After a crash between recording a change and acknowledging it, the durable queue delivers it again: the relay must
/// keep the first record (and so its place in the catch-up order) rather than fail or record it twice.
/// </summary>
[Collection(JobsCollection.Name)]
public sealed class when_a_change_is_relayed_twice(JobsApp app)
{
    [Fact]
    public async Task the_change_keeps_its_first_record_and_position()
    {
        var sequence = Random.Shared.NextInt64(1L << 40, 1L << 50);
        var change = new BrowseItemChanged("jobs", "job", BrowseChange.Deleted, Guid.NewGuid(), sequence, DateTimeOffset.UtcNow, null, FilterableValues.None);

        await app.Host.InvokeMessageAndWaitAsync(change);
        var first = await Recorded(sequence);
        await app.Host.InvokeMessageAndWaitAsync(change);

        var again = await Recorded(sequence);
        again.Position.ShouldBe(first.Position);
        again.ItemId.ShouldBe(change.ItemId);
    }

    private async Task<LiveChange> Recorded(long sequence)
    {
        await using var session = app.Host.DocumentStore().QuerySession();
        var records = await session.Query<LiveChange>().Where(x => x.Id == sequence).ToListAsync();
        return records.ShouldHaveSingleItem();
    }
}
