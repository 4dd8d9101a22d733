namespace Zumodra.Companies;

/// <summary>Everything an admin can set on a company's profile; registered and edited as a whole.</summary>
public sealed record CompanyProfile(
    string Name,
    string? Industry,
    string? Description,
    string? Website,
    string? Size,
    string? Location,
    double? Latitude,
    double? Longitude,
    string? LogoUrl);

public sealed record CompanyRegistered(Guid CompanyId, CompanyProfile Profile, DateTimeOffset RegisteredAt);

/// <summary>Records the name the company had before, so that whoever reads the event alone knows whether it was renamed.</summary>
public sealed record CompanyProfileEdited(Guid CompanyId, CompanyProfile Profile, string PreviousName, DateTimeOffset EditedAt);

public sealed record CompanyVerified(Guid CompanyId, DateTimeOffset VerifiedAt);

public sealed record CompanyDeleted(Guid CompanyId, DateTimeOffset DeletedAt);

/// <summary>An admin uploaded a logo: Zumodra serves it (a <see cref="CompanyLogo"/> keyed by <paramref name="Hash"/>) instead of the initials.</summary>
public sealed record CompanyLogoChanged(Guid CompanyId, string Hash, string ContentType, DateTimeOffset ChangedAt);

public sealed record CompanyLogoRemoved(Guid CompanyId, DateTimeOffset RemovedAt);

/// <summary>How many open jobs the company has now, as the Jobs module last told us (see <c>CountingOpenJobs</c>).</summary>
public sealed record CompanyOpenJobsCounted(Guid CompanyId, int Count);

/// <summary>The write model: just enough state to decide on commands. Immutable; Marten folds it from the stream.</summary>
/// <param name="Logo">The uploaded logo's hash, if there is one.</param>
public sealed record Company(Guid Id, CompanyProfile Profile, bool Verified, bool Deleted, int OpenJobs, DateTimeOffset RegisteredAt, string? Logo)
{
    public long Version { get; init; }

    public static Company Create(CompanyRegistered e) => new(e.CompanyId, e.Profile, false, false, 0, e.RegisteredAt, null);

    public Company Apply(CompanyProfileEdited e) => this with { Profile = e.Profile };

    public Company Apply(CompanyVerified _) => this with { Verified = true };

    public Company Apply(CompanyDeleted _) => this with { Deleted = true };

    public Company Apply(CompanyOpenJobsCounted e) => this with { OpenJobs = e.Count };

    public Company Apply(CompanyLogoChanged e) => this with { Logo = e.Hash };

    public Company Apply(CompanyLogoRemoved _) => this with { Logo = null };
}

internal static class CompanySizes
{
    public static readonly string[] All = ["1-10", "11-50", "51-200", "201-1000", "1000+"];
}
