using Zumodra.BuildingBlocks;

namespace Zumodra.Projects.Browsing;

/// <summary>The browse filters shared by the list and the map of projects (the live channel keeps all but the budget).</summary>
internal sealed record ProjectFilters(
    string? Search, string? Location, string? Category, string[] Skills, bool? Remote, decimal? BudgetMin, decimal? BudgetMax, Guid? CompanyId)
{
    public static readonly ProjectFilters None = new(null, null, null, [], null, null, null, null);

    public const double MaxBudget = 1_000_000_000;

    /// <summary>What <c>search</c> reads; <see cref="ProjectsModule"/> indexes the same members, so PostgreSQL uses the index.</summary>
    internal static readonly string[] SearchedMembers = [nameof(ProjectBrowseItem.Title), nameof(ProjectBrowseItem.Description)];

    internal static readonly string SearchSql = FullTextSearch.Matches(SearchedMembers);

    // As the lower-case indexes in ProjectsModule are written, so PostgreSQL uses them.
    internal const string LocationSql = "lower(d.data ->> 'Location') = ^";
    internal const string CategorySql = "lower(d.data ->> 'Category') = ^";

    /// <summary>
    /// The skills array with its JSON lower-cased, as the GIN index in <see cref="ProjectsModule"/> declares it (written as a
    /// CAST so that the schema check recognises the index PostgreSQL reports). <c>?|</c> is "has any of".
    /// </summary>
    internal const string SkillsExpression = "(CAST(lower(data ->> 'Skills') as jsonb))";

    internal const string SkillSql = "CAST(lower(d.data ->> 'Skills') as jsonb) ?| ^";

    /// <summary>What the facets count: each of a project's skills for the skills.</summary>
    internal static readonly FacetSource[] Facets =
    [
        new("location", "d.data ->> 'Location'"),
        new("category", "d.data ->> 'Category'"),
        new("skill", "d.data -> 'Skills'", Many: true),
        new("remote", "d.data ->> 'Remote'"),
    ];

    public static ProjectFilters Read(QueryReader query)
    {
        var skills = query.Texts("skill");
        query.Errors
            .When(skills.Length > ProjectForm.MaxSkills, "skill", $"'skill' may be given at most {ProjectForm.MaxSkills} times.")
            .When(skills.Any(s => s.Length > ProjectForm.MaxSkillLength), "skill", $"Each 'skill' must be at most {ProjectForm.MaxSkillLength} characters.");
        var budgetMin = (decimal?)query.Double("budgetMin", 0, MaxBudget);
        var budgetMax = (decimal?)query.Double("budgetMax", 0, MaxBudget);
        query.Errors.When(budgetMin > budgetMax, "budgetMin", "'budgetMin' must not exceed 'budgetMax'.");
        return new ProjectFilters(query.Search(), query.Text("location"), query.Text("category"), skills, query.Bool("remote"), budgetMin, budgetMax,
            query.Id("companyId"));
    }

    /// <summary>
    /// The filters in force as SQL, shared by the list, the map and the facets; remote and the budgets as Marten writes
    /// them for the computed indexes in <see cref="ProjectsModule"/>. Budget filters keep projects whose budget range
    /// overlaps the requested one. A project with one bound has that fixed budget; one without a budget matches no budget filter.
    /// </summary>
    public IEnumerable<FilterCondition> Conditions()
    {
        if (Search is not null) yield return new("search", SearchSql, Search);
        if (Location is not null) yield return new("location", LocationSql, Location.ToLowerInvariant());
        if (Category is not null) yield return new("category", CategorySql, Category.ToLowerInvariant());
        // One text[] parameter: passed bare, a string[] would become the parameters array itself.
        if (Skills.Length > 0) yield return new("skill", SkillSql, new object[] { Skills.Select(s => s.ToLowerInvariant()).ToArray() });
        if (Remote is { } remote) yield return new("remote", "CAST(d.data ->> 'Remote' as boolean) = ^", remote);
        if (CompanyId is { } companyId) yield return new("companyId", "d.company_id = ^", companyId);
        if (BudgetMin is { } min)
            yield return new("budgetMin",
                "CAST(d.data ->> 'BudgetMax' as numeric) >= ^ or (d.data ->> 'BudgetMax' is null and CAST(d.data ->> 'BudgetMin' as numeric) >= ^)", min, min);
        if (BudgetMax is { } max)
            yield return new("budgetMax",
                "CAST(d.data ->> 'BudgetMin' as numeric) <= ^ or (d.data ->> 'BudgetMin' is null and CAST(d.data ->> 'BudgetMax' as numeric) <= ^)", max, max);
    }

    public IQueryable<ProjectBrowseItem> Apply(IQueryable<ProjectBrowseItem> projects) => projects.Meeting(Conditions());
}
