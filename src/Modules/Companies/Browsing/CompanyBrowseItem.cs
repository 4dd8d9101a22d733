namespace Zumodra.Companies.Browsing;

/// <summary>One company as visitors browse it: the document the browse API, the map and the live feed serve.</summary>
public sealed class CompanyBrowseItem
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string? Industry { get; set; }
    public string? Description { get; set; }
    public string? Website { get; set; }
    public string? Size { get; set; }
    public string? Location { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }

    /// <summary>
    /// The logo to show: Zumodra's own address of the uploaded one (<c>/logos/{sha256}.{ext}</c>) while there is one, else
    /// <see cref="ProfileLogoUrl"/>. The pages show only the former (their policy blocks images from elsewhere).
    /// </summary>
    public string? LogoUrl { get; set; }

    /// <summary>The outside address the profile gives (the body's <c>logoUrl</c>), kept for when no logo is uploaded.</summary>
    public string? ProfileLogoUrl { get; set; }

    public bool Verified { get; set; }

    /// <summary>How many of the company's jobs are open; kept current from the Jobs module's messages, shortly after each job change.</summary>
    public int OpenJobs { get; set; }

    public DateTimeOffset RegisteredAt { get; set; }

    /// <summary>When the profile, the logo or the verification last changed (a new open-job count does not move it).</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    public long Version { get; set; }

    internal CompanyBrowseItem With(CompanyProfile profile, DateTimeOffset updatedAt)
    {
        Name = profile.Name;
        Industry = profile.Industry;
        Description = profile.Description;
        Website = profile.Website;
        Size = profile.Size;
        Location = profile.Location;
        Latitude = profile.Latitude;
        Longitude = profile.Longitude;
        ProfileLogoUrl = profile.LogoUrl;
        if (!CompanyLogo.IsServed(LogoUrl)) LogoUrl = profile.LogoUrl;
        UpdatedAt = updatedAt;
        return this;
    }

    /// <summary>The uploaded logo's address, or null without one: what the pages show instead of the initials.</summary>
    internal string? ServedLogoUrl => CompanyLogo.IsServed(LogoUrl) ? LogoUrl : null;

    internal CompanyBrowseItem Logo(string? path, DateTimeOffset updatedAt)
    {
        LogoUrl = path ?? ProfileLogoUrl;
        UpdatedAt = updatedAt;
        return this;
    }

    internal CompanyBrowseItem Verify(DateTimeOffset verifiedAt)
    {
        Verified = true;
        UpdatedAt = verifiedAt;
        return this;
    }

    internal CompanyBrowseItem Count(int openJobs)
    {
        OpenJobs = openJobs;
        return this;
    }
}
