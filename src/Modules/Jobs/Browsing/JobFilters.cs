using Zumodra.BuildingBlocks;

namespace Zumodra.Jobs.Browsing;

/// <summary>The browse filters shared by the list, the map and the live subscription of the jobs channel.</summary>
internal sealed record JobFilters(string? Search, string? Location, string? Category, string[] Types, bool? Remote, Guid? CompanyId = null)
{
    public static readonly JobFilters None = new(null, null, null, [], null, null);

    internal static readonly string[] SearchedMembers = [nameof(JobBrowseItem.Title), nameof(JobBrowseItem.Description)];
    internal static readonly string SearchSql = FullTextSearch.Matches(SearchedMembers);

    /// <summary>What the facets count: the duplicated columns (JobsModule), whose own indexes can count them alone.</summary>
    internal static readonly FacetSource[] Facets =
    [
        new("location", "d.location"),
        new("category", "d.category"),
        new("type", "d.job_type"),
        new("remote", "CAST(d.remote as text)"),
    ];

    public static JobFilters Read(QueryReader query) => new(
        query.Search(),
        query.Text("location"),
        query.Text("category"),
        query.Texts("type", JobTypes.All),
        query.Bool("remote"),
        query.Id("companyId"));

    /// <summary>
    /// The filters in force as SQL, shared by the list, the map and the facets. Location and category are compared on the
    /// duplicated columns exactly as their lower-case indexes are written (JobsModule), so the indexes apply.
    /// </summary>
    public IEnumerable<FilterCondition> Conditions()
    {
        if (Search is not null) yield return new("search", SearchSql, Search);
        if (Location is not null) yield return new("location", "lower(d.location) = ^", Location.ToLowerInvariant());
        if (Category is not null) yield return new("category", "lower(d.category) = ^", Category.ToLowerInvariant());
        // One text[] parameter: passed bare, a string[] would become the parameters array itself.
        if (Types.Length > 0) yield return new("type", "d.job_type = ANY(^)", new object[] { Types });
        if (Remote is { } remote) yield return new("remote", "d.remote = ^", remote);
        if (CompanyId is { } companyId) yield return new("companyId", "d.company_id = ^", companyId);
    }

    public IQueryable<JobBrowseItem> Apply(IQueryable<JobBrowseItem> jobs) => jobs.Meeting(Conditions());
}
