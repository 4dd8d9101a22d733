namespace Zumodra.Jobs;

/// <summary>
/// Everything an admin can set on a job listing; posted and edited as a whole. Where to apply and the closing date came
/// later: events written before them read as null.
/// </summary>
public sealed record JobDetails(
    string Title,
    string? Description,
    Guid? CompanyId,
    string? CompanyName,
    string? Location,
    double? Latitude,
    double? Longitude,
    string? Category,
    string JobType,
    bool Remote,
    decimal? SalaryMin,
    decimal? SalaryMax,
    string? Currency,
    string? ApplyUrl = null,
    string? ApplyEmail = null,
    DateTimeOffset? ClosesAt = null);

public sealed record JobPosted(Guid JobId, JobDetails Details, DateTimeOffset PostedAt);

public sealed record JobEdited(Guid JobId, JobDetails Details, DateTimeOffset EditedAt);

public sealed record JobClosed(Guid JobId, DateTimeOffset ClosedAt);

/// <summary>Carries the listing as it reopens, so read models that dropped the closed job can rebuild it from this event alone.</summary>
public sealed record JobReopened(Guid JobId, JobDetails Details, DateTimeOffset PostedAt, DateTimeOffset ReopenedAt);

public sealed record JobDeleted(Guid JobId, DateTimeOffset DeletedAt);

/// <summary>The job's company got a new name (the Companies module said so); the job shows it from now on.</summary>
public sealed record JobCompanyRenamed(Guid JobId, string CompanyName, DateTimeOffset RenamedAt);

public enum JobStatus
{
    Open,
    Closed,
    Deleted,
}

/// <summary>The write model: just enough state to decide on commands. Immutable; Marten folds it from the stream.</summary>
public sealed record Job(Guid Id, JobDetails Details, JobStatus Status, DateTimeOffset PostedAt)
{
    public long Version { get; init; }

    public static Job Create(JobPosted e) => new(e.JobId, e.Details, JobStatus.Open, e.PostedAt);

    public Job Apply(JobEdited e) => this with { Details = e.Details };

    public Job Apply(JobClosed _) => this with { Status = JobStatus.Closed };

    public Job Apply(JobReopened e) => this with { Status = JobStatus.Open, PostedAt = e.PostedAt };

    public Job Apply(JobDeleted _) => this with { Status = JobStatus.Deleted };

    public Job Apply(JobCompanyRenamed e) => this with { Details = Details with { CompanyName = e.CompanyName } };
}

internal static class JobTypes
{
    public static readonly string[] All = ["full_time", "part_time", "contract", "internship", "temporary"];
}
