using Marten;
using Marten.Linq.MatchesSql;
using Zumodra.BuildingBlocks;

namespace Zumodra.Projects.Browsing;

/// <summary>The browse filters shared by the list and the map of projects (the live channel keeps all but the budget).</summary>
internal sealed record ProjectFilters(
    string? Search, string? Location, string? Category, string[] Skills, bool? Remote, decimal? BudgetMin, decimal? BudgetMax)
{
    public const double MaxBudget = 1_000_000_000;

    /// <summary>What <c>search</c> reads; <see cref="ProjectsModule"/> indexes the same members, so PostgreSQL uses the index.</summary>
    internal static readonly string[] SearchedMembers = [nameof(ProjectBrowseItem.Title), nameof(ProjectBrowseItem.Description)];

    internal static readonly string SearchSql = FullTextSearch.Matches(SearchedMembers);

    internal const string LocationSql = "lower(d.data ->> 'Location') = ?";
    internal const string CategorySql = "lower(d.data ->> 'Category') = ?";

    /// <summary>
    /// The skills array with its JSON lower-cased, as the GIN index in <see cref="ProjectsModule"/> declares it (written as a
    /// CAST so that the schema check recognises the index PostgreSQL reports). <c>?|</c> is "has any of", hence <c>^</c>
    /// as the parameter placeholder.
    /// </summary>
    internal const string SkillsExpression = "(CAST(lower(data ->> 'Skills') as jsonb))";

    internal const string SkillSql = "CAST(lower(d.data ->> 'Skills') as jsonb) ?| ^";

    public static ProjectFilters Read(QueryReader query)
    {
        var skills = query.Texts("skill");
        query.Errors
            .When(skills.Length > ProjectForm.MaxSkills, "skill", $"'skill' may be given at most {ProjectForm.MaxSkills} times.")
            .When(skills.Any(s => s.Length > ProjectForm.MaxSkillLength), "skill", $"Each 'skill' must be at most {ProjectForm.MaxSkillLength} characters.");
        var budgetMin = (decimal?)query.Double("budgetMin", 0, MaxBudget);
        var budgetMax = (decimal?)query.Double("budgetMax", 0, MaxBudget);
        query.Errors.When(budgetMin > budgetMax, "budgetMin", "'budgetMin' must not exceed 'budgetMax'.");
        return new ProjectFilters(query.Search(), query.Text("location"), query.Text("category"), skills, query.Bool("remote"), budgetMin, budgetMax);
    }

    /// <summary>
    /// Budget filters keep projects whose budget range overlaps the requested one. A project with one bound has that
    /// fixed budget; a project without a budget matches no budget filter.
    /// </summary>
    public IQueryable<ProjectBrowseItem> Apply(IQueryable<ProjectBrowseItem> projects)
    {
        if (Search is not null) projects = projects.Where(x => x.MatchesSql(SearchSql, Search));
        if (Location is not null) projects = projects.Where(x => x.MatchesSql(LocationSql, Location.ToLowerInvariant()));
        if (Category is not null) projects = projects.Where(x => x.MatchesSql(CategorySql, Category.ToLowerInvariant()));
        if (Skills.Length > 0)
        {
            // One text[] parameter: passed bare, a string[] would become the params array itself.
            object[] parameters = [Skills.Select(s => s.ToLowerInvariant()).ToArray()];
            projects = projects.Where(x => x.MatchesSql('^', SkillSql, parameters));
        }
        if (Remote is { } remote) projects = projects.Where(x => x.Remote == remote);
        if (BudgetMin is { } min) projects = projects.Where(x => x.BudgetMax >= min || (x.BudgetMax == null && x.BudgetMin >= min));
        if (BudgetMax is { } max) projects = projects.Where(x => x.BudgetMin <= max || (x.BudgetMin == null && x.BudgetMax <= max));
        return projects;
    }
}
