using Zumodra.BuildingBlocks;
using Zumodra.Companies.Seeding;
using Zumodra.Live.Contracts;

namespace Zumodra.Companies.Browsing;

/// <summary>The companies browse module as the rest of the application sees it, and how a company's values are filtered live.</summary>
internal static class CompaniesBrowse
{
    public static readonly BrowseModule Module = new()
    {
        Name = "companies",
        ItemName = "company",
        Title = "Companies",
        NavOrder = 20,
        ItemType = typeof(CompanyBrowseItem),
        EventTypes = [typeof(CompanyRegistered), typeof(CompanyProfileEdited), typeof(CompanyVerified), typeof(CompanyDeleted), typeof(CompanyOpenJobsCounted),
            typeof(CompanyLogoChanged), typeof(CompanyLogoRemoved)],
        Filters = new(Live: ["search", "location", "industry"], Read: query => CompanyFilters.Read(query)),
        Sidebar = new("Search companies",
        [
            new SidebarSelect("location", "Location", "Any location"),
            new SidebarSelect("industry", "Industry", "Any industry"),
        ]),
        OrderField = "registeredAt",
        Sorts = [new("newest", "Newest first"), new("name", "Name (A–Z)"), new("open_jobs", "Most open jobs")],
        DemoData = typeof(CompaniesDemoData),
    };

    public static FilterableValues Filterable(CompanyBrowseItem company) => new(
        $"{company.Name} {company.Description}",
        new Dictionary<string, string[]>
        {
            ["location"] = company.Location is null ? [] : [company.Location],
            ["industry"] = company.Industry is null ? [] : [company.Industry],
        });
}
