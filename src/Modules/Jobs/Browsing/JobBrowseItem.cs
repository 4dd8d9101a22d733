namespace Zumodra.Jobs.Browsing;

/// <summary>One open job as visitors browse it: the document the browse API, the map and the live feed serve.</summary>
public sealed class JobBrowseItem
{
    public Guid Id { get; set; }
    public string Title { get; set; } = "";
    public string? Description { get; set; }
    public Guid? CompanyId { get; set; }
    public string? CompanyName { get; set; }
    public string? Location { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }
    public string? Category { get; set; }
    public string JobType { get; set; } = "";
    public bool Remote { get; set; }
    public decimal? SalaryMin { get; set; }
    public decimal? SalaryMax { get; set; }
    public string? Currency { get; set; }
    public string? ApplyUrl { get; set; }
    public string? ApplyEmail { get; set; }
    public DateTimeOffset? ClosesAt { get; set; }
    public DateTimeOffset PostedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public long Version { get; set; }

    internal JobBrowseItem With(JobDetails details, DateTimeOffset updatedAt)
    {
        Title = details.Title;
        Description = details.Description;
        CompanyId = details.CompanyId;
        CompanyName = details.CompanyName;
        Location = details.Location;
        Latitude = details.Latitude;
        Longitude = details.Longitude;
        Category = details.Category;
        JobType = details.JobType;
        Remote = details.Remote;
        SalaryMin = details.SalaryMin;
        SalaryMax = details.SalaryMax;
        Currency = details.Currency;
        ApplyUrl = details.ApplyUrl;
        ApplyEmail = details.ApplyEmail;
        ClosesAt = details.ClosesAt;
        UpdatedAt = updatedAt;
        return this;
    }
}
