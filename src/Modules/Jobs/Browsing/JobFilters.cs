using Marten;
using Marten.Linq.MatchesSql;
using Zumodra.BuildingBlocks;

namespace Zumodra.Jobs.Browsing;

/// <summary>The browse filters shared by the list, the map and the live subscription of the jobs channel.</summary>
internal sealed record JobFilters(string? Search, string? Location, string? Category, string[] Types, bool? Remote)
{
    internal static readonly string[] SearchedMembers = [nameof(JobBrowseItem.Title), nameof(JobBrowseItem.Description)];
    internal static readonly string SearchSql = FullTextSearch.Matches(SearchedMembers);

    // On the duplicated columns, exactly as their lower-case indexes are written (JobsModule), so the indexes apply.
    internal const string LocationSql = "lower(d.location) = ?";
    internal const string CategorySql = "lower(d.category) = ?";

    public static JobFilters Read(QueryReader query) => new(
        query.Search(),
        query.Text("location"),
        query.Text("category"),
        query.Texts("type", JobTypes.All),
        query.Bool("remote"));

    public IQueryable<JobBrowseItem> Apply(IQueryable<JobBrowseItem> jobs)
    {
        if (Search is not null) jobs = jobs.Where(x => x.MatchesSql(SearchSql, Search));
        if (Location is not null) jobs = jobs.Where(x => x.MatchesSql(LocationSql, Location.ToLowerInvariant()));
        if (Category is not null) jobs = jobs.Where(x => x.MatchesSql(CategorySql, Category.ToLowerInvariant()));
        if (Types.Length > 0) jobs = jobs.Where(x => x.JobType.In(Types));
        if (Remote is { } remote) jobs = jobs.Where(x => x.Remote == remote);
        return jobs;
    }
}
