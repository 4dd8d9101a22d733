namespace Zumodra.Projects;

/// <summary>Everything an admin can set on a freelance project; published and edited as a whole.</summary>
public sealed record ProjectDetails(
    string Title,
    string? Description,
    Guid? CompanyId,
    string? CompanyName,
    string? Category,
    string[] Skills,
    decimal? BudgetMin,
    decimal? BudgetMax,
    string? Currency,
    string? Location,
    double? Latitude,
    double? Longitude,
    bool Remote,
    DateTimeOffset? Deadline,
    string? ContactUrl = null,
    string? ContactEmail = null)
{
    private static readonly string[] NoSkills = [];

    /// <summary>Value equality including the skills, which a record's own equality compares by reference.</summary>
    public bool SameAs(ProjectDetails other) =>
        this with { Skills = NoSkills } == other with { Skills = NoSkills } && Skills.SequenceEqual(other.Skills, StringComparer.Ordinal);
}

public sealed record ProjectPublished(Guid ProjectId, ProjectDetails Details, DateTimeOffset PublishedAt);

public sealed record ProjectEdited(Guid ProjectId, ProjectDetails Details, DateTimeOffset EditedAt);

/// <summary>The project found its freelancer (<paramref name="AwardedTo"/>, when the admin names one); it no longer takes proposals.</summary>
public sealed record ProjectAwarded(Guid ProjectId, string? AwardedTo, DateTimeOffset AwardedAt);

public sealed record ProjectClosed(Guid ProjectId, DateTimeOffset ClosedAt);

/// <summary>Carries the project as it reopens, so read models that dropped it can rebuild it from this event alone.</summary>
public sealed record ProjectReopened(Guid ProjectId, ProjectDetails Details, DateTimeOffset PublishedAt, DateTimeOffset ReopenedAt);

public sealed record ProjectDeleted(Guid ProjectId, DateTimeOffset DeletedAt);

public enum ProjectStatus
{
    Open,
    Awarded,
    Closed,
    Deleted,
}

/// <summary>The write model: just enough state to decide on commands. Immutable; Marten folds it from the stream.</summary>
public sealed record Project(Guid Id, ProjectDetails Details, ProjectStatus Status, DateTimeOffset PublishedAt, string? AwardedTo)
{
    public long Version { get; init; }

    public static Project Create(ProjectPublished e) => new(e.ProjectId, e.Details, ProjectStatus.Open, e.PublishedAt, null);

    public Project Apply(ProjectEdited e) => this with { Details = e.Details };

    public Project Apply(ProjectAwarded e) => this with { Status = ProjectStatus.Awarded, AwardedTo = e.AwardedTo };

    public Project Apply(ProjectClosed _) => this with { Status = ProjectStatus.Closed };

    public Project Apply(ProjectReopened e) => this with { Status = ProjectStatus.Open, PublishedAt = e.PublishedAt, AwardedTo = null };

    public Project Apply(ProjectDeleted _) => this with { Status = ProjectStatus.Deleted };
}
