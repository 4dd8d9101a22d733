using Zumodra.Jobs.Browsing;
using Zumodra.Web.Browsing;

namespace Zumodra.Jobs.Pages.Jobs;

/// <summary>How job values read on the pages.</summary>
internal static class JobDisplay
{
    public static readonly IReadOnlyDictionary<string, string> TypeLabels = new Dictionary<string, string>
    {
        ["full_time"] = "Full-time",
        ["part_time"] = "Part-time",
        ["contract"] = "Contract",
        ["internship"] = "Internship",
        ["temporary"] = "Temporary",
    };

    public static string Type(string jobType) => TypeLabels.GetValueOrDefault(jobType, jobType);

    public static string Salary(JobBrowseItem job) => Display.MoneyRange(job.SalaryMin, job.SalaryMax, job.Currency);
}
