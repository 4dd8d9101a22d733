using System.Security.Cryptography;
using System.Text;
using Marten;
using Zumodra.BuildingBlocks;
using Zumodra.Companies.CountingOpenJobs;

namespace Zumodra.Companies.Seeding;

/// <summary>
/// The twelve companies the demo jobs name. Ids are derived from the company's slug with the formula the Jobs
/// demo data uses (<c>MD5("zumodra-demo-company-" + slug)</c>), so the demo jobs point at these companies and
/// seeding twice adds nothing. Runs before the jobs, so their open-job counts arrive as the jobs are seeded.
/// </summary>
internal sealed class CompaniesDemoData : IDemoData
{
    private static readonly (string Slug, CompanyProfile Profile)[] Companies =
    [
        ("acme", Profile("Acme Labs", "Software", "Developer tools and APIs that make everyday engineering work faster.",
            "https://acme-labs.example.com", "51-200", "Berlin, Germany", 52.52, 13.405)),
        ("northwind", Profile("Northwind Digital", "E-commerce", "Online retail platforms for independent shops across Europe.",
            "https://northwind-digital.example.com", "201-1000", "Amsterdam, Netherlands", 52.368, 4.904)),
        ("blueharbor", Profile("Blue Harbor", "Maritime", "Port logistics software and fleet analytics for shipping companies.",
            "https://blueharbor.example.com", "51-200", "Hamburg, Germany", 53.551, 9.993)),
        ("fjord", Profile("Fjord Systems", "Cloud Infrastructure", "Managed Kubernetes and data platforms on green Nordic data centres.",
            "https://fjord-systems.example.com", "11-50", "Oslo, Norway", 59.913, 10.752)),
        ("kestrel", Profile("Kestrel Works", "Software", "Web application consultancy building products for startups and enterprises.",
            "https://kestrel-works.example.com", "11-50", "London, United Kingdom", 51.507, -0.128)),
        ("lumen", Profile("Lumen Health", "Healthcare", "Telemedicine and patient records that doctors actually like to use.",
            "https://lumen-health.example.com", "201-1000", "Stockholm, Sweden", 59.329, 18.069)),
        ("orbit", Profile("Orbit Logistics", "Logistics", "Same-day delivery networks and route optimisation for cities.",
            "https://orbit-logistics.example.com", "1000+", "Paris, France", 48.857, 2.352)),
        ("pine", Profile("Pine & Co", "Consulting", "Strategy and design studio helping companies launch digital services.",
            "https://pine-and-co.example.com", "1-10", "Lisbon, Portugal", 38.722, -9.139)),
        ("quartz", Profile("Quartz Finance", "Financial Services", "Payments, invoicing and treasury tools for small businesses.",
            "https://quartz-finance.example.com", "201-1000", "Zurich, Switzerland", 47.377, 8.541)),
        ("tidal", Profile("Tidal Energy", "Energy", "Renewable energy trading and smart-grid software.",
            "https://tidal-energy.example.com", "51-200", "Copenhagen, Denmark", 55.676, 12.568)),
        ("umbra", Profile("Umbra Games", "Gaming", "Independent studio making story-driven games for PC and consoles.",
            "https://umbra-games.example.com", "11-50", "Montreal, Canada", 45.502, -73.567)),
        ("vela", Profile("Vela Robotics", "Robotics", "Autonomous warehouse robots and the software that coordinates them.",
            "https://vela-robotics.example.com", "51-200", "Munich, Germany", 48.137, 11.575)),
    ];

    public int Order => 10;

    public async Task<int> SeedAsync(IDocumentSession session, CancellationToken cancellation)
    {
        var added = 0;
        for (var i = 0; i < Companies.Length; i++)
        {
            var (slug, profile) = Companies[i];
            var id = CompanyId(slug);
            if (await session.Events.FetchStreamStateAsync(id, cancellation) is not null) continue;

            var registeredAt = DemoDates.Spread(i, Companies.Length, TimeSpan.FromDays(1));
            List<object> events = [new CompanyRegistered(id, profile, registeredAt)];
            if (i % 3 == 0) events.Add(new CompanyVerified(id, registeredAt.AddHours(2)));
            // Jobs that named this company before it existed are already in our listings: start with their count.
            var openJobs = await session.Query<OpenJobListing>().CountAsync(x => x.CompanyId == id, cancellation);
            if (openJobs > 0) events.Add(new CompanyOpenJobsCounted(id, openJobs));
            session.Events.StartStream<Company>(id, [.. events]);
            added++;
        }
        return added;
    }

    /// <summary>The formula <c>JobsDemoData.CompanyId</c> uses; the modules share the result, not the code.</summary>
    internal static Guid CompanyId(string slug) => new(MD5.HashData(Encoding.UTF8.GetBytes($"zumodra-demo-company-{slug}")));

    private static CompanyProfile Profile(string name, string industry, string description, string website, string size,
        string city, double latitude, double longitude) =>
        new(name, industry, description, website, size, city, latitude, longitude, LogoUrl: null);
}
