namespace Zumodra.Projects.Browsing;

/// <summary>One open project as visitors browse it: the document the browse API, the map and the live feed serve.</summary>
public sealed class ProjectBrowseItem
{
    public Guid Id { get; set; }
    public string Title { get; set; } = "";
    public string? Description { get; set; }
    public Guid? CompanyId { get; set; }
    public string? CompanyName { get; set; }
    public string? Category { get; set; }
    public string[] Skills { get; set; } = [];
    public decimal? BudgetMin { get; set; }
    public decimal? BudgetMax { get; set; }
    public string? Currency { get; set; }
    public string? Location { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }
    public bool Remote { get; set; }
    public DateTimeOffset? Deadline { get; set; }
    public string? ContactUrl { get; set; }
    public string? ContactEmail { get; set; }
    public DateTimeOffset PublishedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public long Version { get; set; }

    internal ProjectBrowseItem With(ProjectDetails details, DateTimeOffset updatedAt)
    {
        Title = details.Title;
        Description = details.Description;
        CompanyId = details.CompanyId;
        CompanyName = details.CompanyName;
        Category = details.Category;
        Skills = details.Skills;
        BudgetMin = details.BudgetMin;
        BudgetMax = details.BudgetMax;
        Currency = details.Currency;
        Location = details.Location;
        Latitude = details.Latitude;
        Longitude = details.Longitude;
        Remote = details.Remote;
        Deadline = details.Deadline;
        ContactUrl = details.ContactUrl;
        ContactEmail = details.ContactEmail;
        UpdatedAt = updatedAt;
        return this;
    }
}
