using System.Text;
using Npgsql;
using Zumodra.BuildingBlocks;

namespace Zumodra.Tests.Hardening;

/// <summary>
/// Full-text searches PostgreSQL's <c>websearch_to_tsquery</c> used to reject ("tsquery stack too small", a 500 after
/// Marten retried it three times) are made into web-search text it always accepts, on every API and page that searches.
/// </summary>
[Collection(HardeningCollection.Name)]
public sealed class when_searching_with_hostile_text(HardeningApp app)
{
    private static readonly string[] Searches =
    [
        new string('-', 33),
        new string('-', 200),
        "a" + new string('-', 40) + "b",
        "-" + string.Concat(Enumerable.Repeat("- ", 60)),
        "\"" + new string('-', 50) + "\"",
        string.Concat(Enumerable.Repeat("-a ", 60)),
        string.Concat(Enumerable.Repeat("or ", 60)),
        "!!!(((&&&|||:*<->)))",
        "\"\"\"\"\"-\"-\"-\"",
    ];

    private static readonly string[] SearchingUrls =
    [
        "/api/jobs", "/api/jobs/map", "/api/jobs/facets", "/jobs", "/jobs/map",
        "/api/companies", "/api/companies/map", "/api/companies/facets", "/companies", "/companies/map",
        "/api/projects", "/api/projects/map", "/api/projects/facets", "/projects", "/projects/map",
    ];

    public static TheoryData<string> Urls => new(SearchingUrls);

    [Theory]
    [MemberData(nameof(Urls))]
    public async Task hostile_searches_are_answered_200(string url)
    {
        foreach (var search in Searches)
        {
            var status = await app.NotAServerError(s => s.Get.Url($"{url}?search={Uri.EscapeDataString(search)}"));
            status.ShouldBe(200, $"{url}?search={search}");
        }
    }

    [Theory]
    [InlineData("backend engineer")]
    [InlineData("C#")]
    [InlineData("\"remote work\" -senior")]
    [InlineData("python or go")]
    [InlineData("full-stack developer")]
    public void ordinary_searches_are_left_as_they_are(string search) => FullTextSearch.Sanitize(search).ShouldBe(search);

    [Theory]
    [InlineData("---", null)]
    [InlineData("a --- b", "a b")]
    [InlineData("--senior", "-senior")]
    [InlineData("or python or or go or", "python or go")]
    [InlineData("\"remote work", "remote work")]
    public void hostile_searches_keep_what_is_searchable(string search, string? expected) => FullTextSearch.Sanitize(search).ShouldBe(expected);

    /// <summary>
    /// Thousands of random strings built from what the web-search syntax and the tsquery parser react to, each valid as a
    /// query parameter (QueryReader refuses control characters before sanitizing): PostgreSQL accepts every sanitized one.
    /// </summary>
    [Fact]
    public async Task postgresql_accepts_every_sanitized_search()
    {
        var random = new Random(14);
        string[] pieces =
        [
            "-", "-", "--", "\"", "\"", "(", ")", "!", "&", "|", ":", "*", "<", ">", "<->", ":*", "or", "OR", "and", "not",
            " ", " ", " ", "a", "go", "c#", "x-y", "é", "日本", "Straße", "😀", "\u0301", "'", "\\", "%", "_", "1", "42", "ß-ü",
        ];
        var searches = new List<string>();
        while (searches.Count < 5000)
        {
            var text = new StringBuilder();
            var length = random.Next(1, 201);
            while (text.Length < length) text.Append(pieces[random.Next(pieces.Length)]);
            var search = text.ToString()[..Math.Min(text.Length, 200)];
            if (TextRules.ForbiddenCharacter(search) is not null) continue;
            searches.Add(search);
        }
        var sanitized = searches.Select(s => (Search: s, Sanitized: FullTextSearch.Sanitize(s))).Where(x => x.Sanitized is not null).ToList();
        sanitized.Count.ShouldBeGreaterThan(4000);

        await using var connection = new NpgsqlConnection(app.Database.ConnectionString);
        await connection.OpenAsync();
        foreach (var batch in sanitized.Chunk(500))
        {
            if (await Accepted(connection, batch.Select(x => x.Sanitized!).ToArray())) continue;
            foreach (var (search, text) in batch)
                (await Accepted(connection, [text!])).ShouldBeTrue($"PostgreSQL rejected '{text}', sanitized from '{search}'");
        }
    }

    private static async Task<bool> Accepted(NpgsqlConnection connection, string[] searches)
    {
        await using var query = new NpgsqlCommand(
            "select count(*) from unnest(@searches) as s where to_tsvector('english', 'backend engineer remote go') @@ websearch_to_tsquery('english', s)",
            connection);
        query.Parameters.AddWithValue("searches", searches);
        try
        {
            await query.ExecuteScalarAsync();
            return true;
        }
        catch (PostgresException)
        {
            return false;
        }
    }
}
