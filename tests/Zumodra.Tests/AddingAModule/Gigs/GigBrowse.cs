using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;
using Marten.Linq.MatchesSql;
using Zumodra.BuildingBlocks;
using Zumodra.Live.Contracts;

namespace Zumodra.Tests.AddingAModule.Gigs;

public sealed record GigPosted(string Title, string City, DateTimeOffset PostedAt);

public sealed record GigRetitled(string Title);

public sealed record GigCancelled;

/// <summary>The gigs' read model, named unlike the other modules' on purpose: nothing may depend on a type name.</summary>
public sealed class GigCard
{
    public Guid Id { get; set; }
    public long Version { get; set; }
    public string Title { get; set; } = "";
    public string City { get; set; } = "";
    public DateTimeOffset PostedAt { get; set; }
}

public sealed class GigCardProjection : SingleStreamProjection<GigCard, Guid>
{
    public override GigCard? Evolve(GigCard? snapshot, Guid id, IEvent e) => e.Data switch
    {
        GigPosted posted => new GigCard { Id = id, Title = posted.Title, City = posted.City, PostedAt = posted.PostedAt },
        GigRetitled retitled when snapshot is not null => Retitled(snapshot, retitled.Title),
        GigCancelled => null,
        _ => snapshot,
    };

    public override ValueTask RaiseSideEffects(IDocumentOperations operations, Guid id, IEventSlice<GigCard> slice)
    {
        LiveFeed.Publish(slice, id, GigsModule.Browse, appears: e => e.Data is GigPosted, disappears: e => e.Data is GigCancelled,
            gig => new FilterableValues($"{gig.Title} {gig.City}", new Dictionary<string, string[]> { ["city"] = [gig.City] }));
        return ValueTask.CompletedTask;
    }

    private static GigCard Retitled(GigCard gig, string title)
    {
        gig.Title = title;
        return gig;
    }
}

public sealed record GigFilters(string? Search, string? City)
{
    public static readonly string[] SearchedMembers = [nameof(GigCard.Title), nameof(GigCard.City)];

    public static GigFilters Read(QueryReader query) => new(query.Search(), query.Text("city"));

    public IQueryable<GigCard> Apply(IQueryable<GigCard> gigs)
    {
        if (Search is not null) gigs = gigs.Where(x => x.MatchesSql(FullTextSearch.Matches(SearchedMembers), Search));
        if (City is not null) gigs = gigs.Where(x => x.City.Equals(City, StringComparison.OrdinalIgnoreCase));
        return gigs;
    }
}
