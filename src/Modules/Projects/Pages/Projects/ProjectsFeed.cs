using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;
using Zumodra.Projects.Browsing;
using Zumodra.Web.Seo;

namespace Zumodra.Projects.Pages.Projects;

public static class ProjectsFeedEndpoint
{
    /// <summary><c>GET /projects/feed.atom?&lt;the list's filters&gt;</c>: the newest 50 open projects that match, for feed readers.</summary>
    [WolverineGet("/projects/feed.atom"), Tags("Projects")]
    public static async Task<IResult> Get(HttpRequest request, IQuerySession session, CancellationToken cancellation) =>
        (await ProjectsListing.FeedAsync(request.Query, session, cancellation)).Feed(project => new FeedEntry(
            project.Id, project.Title,
            project.Description, project.PublishedAt, project.UpdatedAt));
}
