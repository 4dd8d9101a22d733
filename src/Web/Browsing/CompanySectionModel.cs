using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Zumodra.Web.Browsing;

/// <summary>
/// One module's open items of a company, as a section of the company's page (Pages/Shared/_CompanySection.cshtml): the
/// first page of cards, live, whose page links (and "Show more") lead on to the module's list filtered by the company.
/// </summary>
/// <param name="Name">The module's name, which names the section's elements.</param>
/// <param name="Card">The partial view that draws one item's card.</param>
/// <param name="Blank">The item the card template for live arrivals is drawn from.</param>
/// <param name="AllUrl">The module's list filtered by the company, with its map, sorts and filters.</param>
public sealed record CompanySectionModel(
    string Heading,
    string Name,
    IReadOnlyList<object> Items,
    long Total,
    string Card,
    object Blank,
    string EmptyText,
    string AllUrl,
    PaginationModel Pagination,
    LivePageConfig Live)
{
    /// <summary>How many cards each section shows before "Show more": two rows of the widest grid.</summary>
    public const int PageSize = 6;

    /// <summary>The query string a section's listing is read with: the company's items, <see cref="PageSize"/> of them.</summary>
    public static IQueryCollection Query(Guid companyId) => new QueryCollection(new Dictionary<string, StringValues>
    {
        ["companyId"] = companyId.ToString(),
        ["pageSize"] = PageSize.ToString(CultureInfo.InvariantCulture),
    });

    /// <summary>Where each section is drawn, whichever module's items it holds.</summary>
    public const string View = "/Pages/Shared/_CompanySection.cshtml";
}
