using Zumodra.Contracts;

namespace Zumodra.Jobs.Browsing;

/// <summary>How job changes appear on the live <c>jobs</c> channel; filter names match <c>GET /api/jobs</c>.</summary>
internal static class JobsLive
{
    public const string Channel = "jobs";
    public const string ItemName = "job";
    public static readonly string[] Filters = ["search", "location", "category", "type", "remote"];
    public static readonly string[] ListFilters = ["type"];

    public static FilterableValues Filterable(JobBrowseItem job) => new(
        $"{job.Title} {job.Description}",
        new Dictionary<string, string[]>
        {
            ["location"] = job.Location is null ? [] : [job.Location],
            ["category"] = job.Category is null ? [] : [job.Category],
            ["type"] = [job.JobType],
            ["remote"] = [job.Remote ? "true" : "false"],
        });
}
