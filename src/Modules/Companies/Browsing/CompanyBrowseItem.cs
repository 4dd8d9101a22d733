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
    public string? LogoUrl { get; set; }
    public bool Verified { get; set; }

    /// <summary>How many of the company's jobs are open; kept current from the Jobs module's messages, shortly after each job change.</summary>
    public int OpenJobs { get; set; }

    public DateTimeOffset RegisteredAt { get; set; }

    /// <summary>When the profile or the verification last changed (a new open-job count does not move it).</summary>
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
        LogoUrl = profile.LogoUrl;
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
