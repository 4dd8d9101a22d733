using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;
using Zumodra.Companies.Browsing;
using Zumodra.Web.Seo;

namespace Zumodra.Companies.Pages.Companies;

public static class CompaniesFeedEndpoint
{
    /// <summary><c>GET /companies/feed.atom?&lt;the list's filters&gt;</c>: the 50 companies that joined last and match, for feed readers.</summary>
    [WolverineGet("/companies/feed.atom"), Tags("Companies")]
    public static async Task<IResult> Get(HttpRequest request, IQuerySession session, CancellationToken cancellation) =>
        (await CompaniesListing.FeedAsync(request.Query, session, cancellation)).Feed(company => new FeedEntry(
            company.Id,
            company.Name + (company.Industry is null ? "" : $", {company.Industry}") + (company.Location is null ? "" : $", {company.Location}"),
            company.Description, company.RegisteredAt, company.UpdatedAt));
}
