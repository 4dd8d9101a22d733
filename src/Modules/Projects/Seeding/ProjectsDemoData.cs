using System.Security.Cryptography;
using System.Text;
using Marten;
using Zumodra.BuildingBlocks;

namespace Zumodra.Projects.Seeding;

/// <summary>A hundred and twenty realistic open freelance projects across many cities. Ids are derived from the project's index, so seeding twice adds nothing.</summary>
internal sealed class ProjectsDemoData : IDemoData
{
    public const int Count = 120;

    private static readonly (string City, double Lat, double Lon)[] Cities =
    [
        ("Berlin, Germany", 52.52, 13.405), ("Munich, Germany", 48.137, 11.575), ("Cologne, Germany", 50.938, 6.96),
        ("Paris, France", 48.857, 2.352), ("Bordeaux, France", 44.838, -0.579), ("Amsterdam, Netherlands", 52.368, 4.904),
        ("Rotterdam, Netherlands", 51.924, 4.478), ("Brussels, Belgium", 50.85, 4.352), ("London, United Kingdom", 51.507, -0.128),
        ("Edinburgh, United Kingdom", 55.953, -3.189), ("Dublin, Ireland", 53.35, -6.26), ("Madrid, Spain", 40.417, -3.704),
        ("Valencia, Spain", 39.47, -0.376), ("Lisbon, Portugal", 38.722, -9.139), ("Porto, Portugal", 41.158, -8.629),
        ("Milan, Italy", 45.464, 9.19), ("Turin, Italy", 45.07, 7.687), ("Zurich, Switzerland", 47.377, 8.541),
        ("Vienna, Austria", 48.208, 16.373), ("Kraków, Poland", 50.065, 19.945), ("Budapest, Hungary", 47.498, 19.04),
        ("Tallinn, Estonia", 59.437, 24.754), ("Stockholm, Sweden", 59.329, 18.069), ("Copenhagen, Denmark", 55.676, 12.568),
        ("New York, USA", 40.713, -74.006), ("Seattle, USA", 47.606, -122.332), ("Chicago, USA", 41.878, -87.63),
        ("Vancouver, Canada", 49.283, -123.121), ("Buenos Aires, Argentina", -34.604, -58.382), ("Bogotá, Colombia", 4.711, -74.072),
        ("Melbourne, Australia", -37.814, 144.963), ("Auckland, New Zealand", -36.848, 174.763), ("Seoul, South Korea", 37.567, 126.978),
        ("Ho Chi Minh City, Vietnam", 10.823, 106.63), ("Kigali, Rwanda", -1.944, 30.062), ("Accra, Ghana", 5.604, -0.187),
        ("Cairo, Egypt", 30.044, 31.236), ("Dubai, United Arab Emirates", 25.205, 55.271), ("Pune, India", 18.52, 73.857),
        ("Manila, Philippines", 14.6, 120.984),
    ];

    private static readonly (string Title, string Category, string[] Skills, decimal Budget, string Pitch)[] Briefs =
    [
        ("Build a Shopify storefront for a coffee roaster", "Web Development", ["Shopify", "Liquid", "JavaScript"], 3000,
            "We roast small batches and need a storefront with subscriptions, gift cards and local delivery."),
        ("Flutter app MVP for booking fitness classes", "Mobile Development", ["Flutter", "Dart", "Firebase"], 12000,
            "Members book, cancel and pay for classes; studios manage timetables from a simple admin screen."),
        ("Migrate a .NET Framework API to .NET 10", "Software Development", ["C#", ".NET", "SQL Server"], 15000,
            "A ten-year-old Web API 2 service needs to move to ASP.NET Core with its tests and deployment scripts."),
        ("Data pipeline from Postgres to a warehouse", "Data Engineering", ["Python", "Airflow", "PostgreSQL"], 9000,
            "Nightly and incremental loads into BigQuery with data-quality checks and alerting."),
        ("Brand identity for a climate startup", "Design", ["Branding", "Illustrator", "Typography"], 5000,
            "Logo, colour palette, type system and a short brand book for web and print."),
        ("Redesign a SaaS analytics dashboard", "Design", ["Figma", "UX Design", "Design Systems"], 8000,
            "Research with five customers, new information architecture and a component library in Figma."),
        ("SEO audit and content plan for a B2B site", "Marketing", ["SEO", "Content Strategy", "Google Analytics"], 2500,
            "Technical audit, keyword research and a six-month editorial calendar with briefs."),
        ("Technical articles about Kubernetes operations", "Writing", ["Technical Writing", "Kubernetes", "Docker"], 1800,
            "Six in-depth articles for platform engineers, each with runnable examples."),
        ("Churn prediction model for a subscription service", "Data Science", ["Python", "scikit-learn", "SQL"], 11000,
            "Explore two years of usage data, build and explain a model, and hand over a reproducible notebook."),
        ("Penetration test of a customer portal", "Security", ["Penetration Testing", "OWASP", "Burp Suite"], 7000,
            "Authenticated and unauthenticated testing with a report prioritised by risk and retest of the fixes."),
        ("React Native app for a local delivery service", "Mobile Development", ["React Native", "TypeScript", "GraphQL"], 14000,
            "Courier and customer apps sharing one codebase, with live tracking and push notifications."),
        ("Speed up a WordPress news site", "Web Development", ["WordPress", "PHP", "Web Performance"], 2000,
            "Core Web Vitals are poor on mobile; we need caching, image handling and a leaner theme."),
        ("Explainer video for a fintech product", "Video & Animation", ["After Effects", "Motion Graphics", "Storyboarding"], 4000,
            "A ninety-second animated explainer from script to final render, in English and Spanish."),
        ("Translate product documentation into German", "Translation", ["German", "Localization", "Technical Writing"], 3500,
            "About 40,000 words of developer documentation kept in Markdown in a Git repository."),
        ("Bookkeeping clean-up for a young startup", "Finance", ["Bookkeeping", "Xero", "Excel"], 1500,
            "Reconcile eighteen months of transactions and set up a monthly close we can keep running."),
        ("CI/CD pipelines with GitHub Actions and Terraform", "DevOps", ["GitHub Actions", "Terraform", "AWS"], 6000,
            "Build, test and deploy three services to AWS with preview environments for pull requests."),
        ("PostgreSQL performance tuning", "Software Development", ["PostgreSQL", "SQL", "Performance Tuning"], 5000,
            "Slow reports and lock contention at peak hours; find the causes and fix queries, indexes and settings."),
        ("Customer support assistant on our help centre", "Data Science", ["Python", "LLM", "Vector Search"], 10000,
            "Answer customer questions from our help articles with citations, and hand over to a human when unsure."),
        ("Unity prototype for a puzzle game", "Game Development", ["Unity", "C#", "Game Design"], 8500,
            "A playable prototype of twenty levels to test the core mechanic with players."),
        ("Email marketing automation for an online shop", "Marketing", ["Mailchimp", "Copywriting", "Marketing Automation"], 2200,
            "Welcome, abandoned-cart and win-back flows with copy, design and A/B tests."),
    ];

    private static readonly (string Name, string Slug)[] Companies =
    [
        ("Acme Labs", "acme"), ("Northwind Digital", "northwind"), ("Blue Harbor", "blueharbor"), ("Fjord Systems", "fjord"),
        ("Kestrel Works", "kestrel"), ("Lumen Health", "lumen"), ("Orbit Logistics", "orbit"), ("Pine & Co", "pine"),
        ("Quartz Finance", "quartz"), ("Tidal Energy", "tidal"), ("Umbra Games", "umbra"), ("Vela Robotics", "vela"),
    ];

    /// <summary>After the jobs (20): modules that seed what projects refer to, such as companies, come first.</summary>
    public int Order => 30;

    public async Task<int> SeedAsync(IDocumentSession session, CancellationToken cancellation)
    {
        var added = 0;
        // Deadlines fall in the weeks after seeding, so the demo always has upcoming ones to sort by.
        var today = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero);
        for (var i = 0; i < Count; i++)
        {
            var id = DemoId(i);
            if (await session.Events.FetchStreamStateAsync(id, cancellation) is not null) continue;

            var (city, lat, lon) = Cities[i % Cities.Length];
            var (title, category, skills, budget, pitch) = Briefs[(i * 7) % Briefs.Length];
            var (company, slug) = Companies[(i * 5) % Companies.Length];
            var budgetMin = budget + (i % 6) * 250m;
            var publishedAt = DemoDates.Spread(i, Count, TimeSpan.FromHours(7));
            var details = new ProjectDetails(
                title,
                $"{pitch} {company} is based in {city.Split(',')[0]}; tell us how you would approach it and what you would deliver first.",
                CompanyId(slug), company, category, skills,
                budgetMin, i % 5 == 0 ? null : budgetMin + (i % 4 + 1) * 1000m, Currency(city),
                city, lat + (i % 5) * 0.01, lon + (i % 3) * 0.01,
                Remote: i % 3 == 0,
                Deadline: i % 8 == 7 ? null : today.AddDays(10 + i % 12 * 7).AddHours(17),
                // Addresses on example.com (reserved for examples): a demo proposal goes nowhere real.
                ContactUrl: i % 2 == 0 ? $"https://freelance.example.com/{slug}/projects/{i}" : null,
                ContactEmail: i % 2 == 0 ? null : $"projects@{slug}.example.com");
            session.Events.StartStream<Project>(id, new ProjectPublished(id, details, publishedAt));
            added++;
        }
        return added;
    }

    private static string Currency(string city) =>
        city.EndsWith("USA", StringComparison.Ordinal) ? "USD"
        : city.EndsWith("United Kingdom", StringComparison.Ordinal) ? "GBP"
        : "EUR";

    /// <summary>Stable ids, so demo data is the same on every machine and seeding is idempotent.</summary>
    internal static Guid DemoId(int index) => StableGuid($"zumodra-demo-project-{index}");

    /// <summary>The same ids as the jobs' demo companies, so a project and a job of "Acme Labs" point at one company.</summary>
    internal static Guid CompanyId(string slug) => StableGuid($"zumodra-demo-company-{slug}");

    private static Guid StableGuid(string name) => new(MD5.HashData(Encoding.UTF8.GetBytes(name)));
}
