using System.Security.Cryptography;
using System.Text;
using Marten;
using Zumodra.BuildingBlocks;

namespace Zumodra.Jobs.Seeding;

/// <summary>A few hundred realistic open jobs across many cities. Ids are derived from the job's index, so seeding twice adds nothing.</summary>
internal sealed class JobsDemoData : IDemoData
{
    public const int Count = 300;

    private static readonly (string City, double Lat, double Lon)[] Cities =
    [
        ("Berlin, Germany", 52.52, 13.405), ("Munich, Germany", 48.137, 11.575), ("Hamburg, Germany", 53.551, 9.993),
        ("Paris, France", 48.857, 2.352), ("Lyon, France", 45.764, 4.836), ("Amsterdam, Netherlands", 52.368, 4.904),
        ("London, United Kingdom", 51.507, -0.128), ("Manchester, United Kingdom", 53.481, -2.243), ("Dublin, Ireland", 53.35, -6.26),
        ("Madrid, Spain", 40.417, -3.704), ("Barcelona, Spain", 41.385, 2.173), ("Lisbon, Portugal", 38.722, -9.139),
        ("Milan, Italy", 45.464, 9.19), ("Rome, Italy", 41.903, 12.496), ("Zurich, Switzerland", 47.377, 8.541),
        ("Vienna, Austria", 48.208, 16.373), ("Warsaw, Poland", 52.23, 21.012), ("Prague, Czechia", 50.075, 14.438),
        ("Stockholm, Sweden", 59.329, 18.069), ("Copenhagen, Denmark", 55.676, 12.568), ("Oslo, Norway", 59.913, 10.752),
        ("Helsinki, Finland", 60.17, 24.938), ("New York, USA", 40.713, -74.006), ("San Francisco, USA", 37.775, -122.419),
        ("Austin, USA", 30.267, -97.743), ("Toronto, Canada", 43.653, -79.383), ("Montreal, Canada", 45.502, -73.567),
        ("Sydney, Australia", -33.869, 151.209), ("Singapore", 1.352, 103.82), ("Tokyo, Japan", 35.676, 139.65),
        ("Nairobi, Kenya", -1.292, 36.822), ("Lagos, Nigeria", 6.524, 3.379), ("Cape Town, South Africa", -33.925, 18.424),
        ("São Paulo, Brazil", -23.551, -46.633), ("Mexico City, Mexico", 19.433, -99.133), ("Bangalore, India", 12.972, 77.595),
    ];

    private static readonly (string Title, string Category, decimal BaseSalary)[] Roles =
    [
        ("Backend Engineer", "Engineering", 65000), ("Frontend Developer", "Engineering", 58000), (".NET Developer", "Engineering", 62000),
        ("Site Reliability Engineer", "Engineering", 72000), ("Data Engineer", "Data", 68000), ("Data Analyst", "Data", 50000),
        ("Machine Learning Engineer", "Data", 80000), ("Product Manager", "Product", 75000), ("Product Designer", "Design", 60000),
        ("UX Researcher", "Design", 55000), ("Marketing Manager", "Marketing", 57000), ("Content Writer", "Marketing", 40000),
        ("Sales Representative", "Sales", 45000), ("Account Executive", "Sales", 60000), ("Customer Success Manager", "Customer Support", 48000),
        ("Support Specialist", "Customer Support", 36000), ("Recruiter", "People", 47000), ("Finance Analyst", "Finance", 56000),
        ("QA Engineer", "Engineering", 52000), ("Security Engineer", "Engineering", 78000),
    ];

    private static readonly (string Name, string Slug)[] Companies =
    [
        ("Acme Labs", "acme"), ("Northwind Digital", "northwind"), ("Blue Harbor", "blueharbor"), ("Fjord Systems", "fjord"),
        ("Kestrel Works", "kestrel"), ("Lumen Health", "lumen"), ("Orbit Logistics", "orbit"), ("Pine & Co", "pine"),
        ("Quartz Finance", "quartz"), ("Tidal Energy", "tidal"), ("Umbra Games", "umbra"), ("Vela Robotics", "vela"),
    ];

    public int Order => 20;

    public async Task<int> SeedAsync(IDocumentSession session, CancellationToken cancellation)
    {
        var added = 0;
        for (var i = 0; i < Count; i++)
        {
            var id = DemoId(i);
            if (await session.Events.FetchStreamStateAsync(id, cancellation) is not null) continue;

            var (city, lat, lon) = Cities[i % Cities.Length];
            var (title, category, baseSalary) = Roles[(i * 7) % Roles.Length];
            var (company, slug) = Companies[(i * 5) % Companies.Length];
            var type = JobTypes.All[i % 9 < 5 ? 0 : i % JobTypes.All.Length];
            var salaryMin = baseSalary + (i % 10) * 1000m;
            var details = new JobDetails(
                title,
                $"{company} is hiring a {title} in {city.Split(',')[0]}. You will work with a small, senior team on products used by thousands of people every day.",
                CompanyId(slug), company, city, lat + (i % 5) * 0.01, lon + (i % 3) * 0.01, category, type,
                Remote: i % 4 == 0, salaryMin, salaryMin + 15000m, city.EndsWith("USA") ? "USD" : "EUR",
                // Addresses on example.com (reserved for examples): a demo Apply button leads nowhere real.
                ApplyUrl: i % 3 == 0 ? null : $"https://careers.example.com/{slug}/jobs/{i}",
                ApplyEmail: i % 3 == 0 ? $"jobs@{slug}.example.com" : null);
            session.Events.StartStream<Job>(id, new JobPosted(id, details, DemoDates.Spread(i, Count, TimeSpan.FromHours(3))));
            added++;
        }
        return added;
    }

    /// <summary>Stable ids, so demo data is the same on every machine and seeding is idempotent.</summary>
    internal static Guid DemoId(int index) => StableGuid($"zumodra-demo-job-{index}");

    internal static Guid CompanyId(string slug) => StableGuid($"zumodra-demo-company-{slug}");

    private static Guid StableGuid(string name) => new(MD5.HashData(Encoding.UTF8.GetBytes(name)));
}
