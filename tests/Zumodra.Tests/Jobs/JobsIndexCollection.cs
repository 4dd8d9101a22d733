using Marten;
using Npgsql;
using Weasel.Core;
using Zumodra.Jobs;
using Zumodra.Jobs.Browsing;
using Zumodra.Tests.Infrastructure;

namespace Zumodra.Tests.Jobs;

/// <summary>The application over a database holding 100,000 open jobs, for checking that browse queries use the indexes.</summary>
public sealed class JobsIndexApp() : AppFixture("jobsidx")
{
    public const int Count = 100_000;
    public const string RareLocation = "Reykjavik, Iceland";

    private static readonly string[] Roles =
    [
        "Backend Engineer", "Frontend Developer", "Data Analyst", "Product Manager", "Product Designer", "UX Researcher",
        "Marketing Manager", "Content Writer", "Sales Representative", "Account Executive", "Support Specialist", "Recruiter",
        "Finance Analyst", "QA Tester", "Security Officer", "Site Reliability Engineer", "Office Manager", "Nurse", "Electrician", "Chef",
    ];

    private static readonly string[] Cities =
    [
        "Berlin, Germany", "Paris, France", "London, United Kingdom", "Madrid, Spain", "Rome, Italy", "Vienna, Austria", "Warsaw, Poland",
        "Oslo, Norway", "Lisbon, Portugal", "Dublin, Ireland", "Prague, Czechia", "Zurich, Switzerland", "Toronto, Canada", "Austin, USA",
        "Tokyo, Japan", "Sydney, Australia", "Nairobi, Kenya", "Lagos, Nigeria", "Singapore", "Mexico City, Mexico",
    ];

    private static readonly string[] Categories = ["Engineering", "Design", "Data", "Product", "Marketing", "Sales", "Support", "People", "Finance", "Operations"];

    private Task? _seeded;

    /// <summary>Bulk-inserts the browse documents once per fixture, then vacuums them and refreshes the planner's statistics.</summary>
    public Task Seeded => _seeded ??= Seed();

    public string Table { get; private set; } = "";

    private async Task Seed()
    {
        var store = this.Store();
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var jobs = Enumerable.Range(0, Count).Select(i =>
        {
            var role = Roles[i % Roles.Length];
            // One job in a thousand is somewhere rare, as a selective location filter would be.
            var city = i % 1000 == 0 ? RareLocation : Cities[(i / 3) % Cities.Length];
            var postedAt = start.AddMinutes(i * 7 % 500_000);
            return (object)new JobBrowseItem
            {
                Id = Guid.CreateVersion7(postedAt),
                Title = $"{role} {(i % 3 == 0 ? "Senior" : i % 3 == 1 ? "Junior" : "Lead")}",
                Description = $"Company {i % 500} is hiring a {role} in {city.Split(',')[0]}. Team number {i % 97}.",
                CompanyId = Guid.NewGuid(),
                CompanyName = $"Company {i % 500}",
                Location = city,
                Latitude = -60 + i % 120,
                Longitude = -170 + i % 340,
                Category = Categories[(i / 7) % Categories.Length],
                JobType = JobTypes.All[(i / 11) % JobTypes.All.Length],
                Remote = i % 4 == 0,
                SalaryMin = 30_000 + i % 50 * 1000,
                SalaryMax = 40_000 + i % 50 * 1000,
                Currency = "EUR",
                PostedAt = postedAt,
                UpdatedAt = postedAt,
                Version = 1,
            };
        });
        await store.BulkInsertDocumentsAsync(jobs, BulkInsertMode.InsertsOnly, 10_000);

        Table = store.Options.FindOrResolveDocumentType(typeof(JobBrowseItem)).TableName.QualifiedName;
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        // Vacuumed as autovacuum would after so many inserts, so index-only scans need no heap visits.
        await using var analyze = new NpgsqlCommand($"vacuum analyze {Table}", connection);
        await analyze.ExecuteNonQueryAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class JobsIndexCollection : ICollectionFixture<JobsIndexApp>
{
    public const string Name = "jobs-index";
}
