using Zumodra.Contracts;

namespace Zumodra.Projects.Browsing;

/// <summary>How project changes appear on the live <c>projects</c> channel; filter names match <c>GET /api/projects</c>.</summary>
internal static class ProjectsLive
{
    public const string Channel = "projects";
    public const string ItemName = "project";

    /// <summary>The browse filters a live page can keep; budget ranges are not among them (live filters match values).</summary>
    public static readonly string[] Filters = ["search", "location", "category", "skill", "remote"];
    public static readonly string[] ListFilters = ["skill"];

    public static FilterableValues Filterable(ProjectBrowseItem project) => new(
        $"{project.Title} {project.Description}",
        new Dictionary<string, string[]>
        {
            ["location"] = project.Location is null ? [] : [project.Location],
            ["category"] = project.Category is null ? [] : [project.Category],
            ["skill"] = project.Skills,
            ["remote"] = [project.Remote ? "true" : "false"],
        });
}
