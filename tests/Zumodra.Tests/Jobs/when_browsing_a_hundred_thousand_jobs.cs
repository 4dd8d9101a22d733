using System.Diagnostics;
using Marten;
using Marten.Linq;
using Marten.Linq.MatchesSql;
using Marten.Services;
using Npgsql;
using Xunit.Abstractions;
using Zumodra.BuildingBlocks;
using Zumodra.Jobs.Browsing;

namespace Zumodra.Tests.Jobs;

/// <summary>With 100,000 open jobs, the typical browse queries are answered from the indexes, not by reading the whole table.</summary>
[Trait("Category", "Slow")]
[Collection(JobsIndexCollection.Name)]
public sealed class when_browsing_a_hundred_thousand_jobs(JobsIndexApp app, ITestOutputHelper output)
{
    /// <summary>
    /// EXPLAIN (without ANALYZE) of exactly the SQL Marten sends for <c>GET /api/jobs</c> with these filters: the page,
    /// and the count that follows a full page.
    /// </summary>
    private async Task<(string Page, string Count)> PlansOf(JobFilters filters)
    {
        var (page, sent) = await Read(filters, new PageRequest(1, 20));
        page.Items.Count.ShouldBe(20);
        sent.Count.ShouldBe(2);
        return (await Explain(sent[0]), await Explain(sent[1]));
    }

    /// <summary>Reads a page as the browse API does, with the commands Marten sent for it.</summary>
    private async Task<(BrowsePage<JobBrowseItem> Page, IReadOnlyList<NpgsqlCommand> Sent)> Read(JobFilters filters, PageRequest paging)
    {
        await app.Seeded;
        await using var session = app.Store().QuerySession();
        var sent = new SentCommands();
        session.Logger = sent;
        var page = await BrowseJobsEndpoint.ReadAsync(session, filters, "newest", paging, CancellationToken.None);
        return (page, sent.Commands);
    }

    /// <summary>EXPLAIN of the SQL Marten sends for <c>GET /api/jobs/map</c> with these filters.</summary>
    private async Task<string> MapPlanOf(JobFilters filters)
    {
        await app.Seeded;
        await using var session = app.Store().QuerySession();
        return await Explain(filters.Apply(session.Query<JobBrowseItem>())
            .Where(x => x.Latitude != null && x.Longitude != null)
            .OrderByDescending(x => x.PostedAt).Take(JobsMapEndpoint.MaxFeatures)
            .ToCommand(FetchType.FetchMany));
    }

    private async Task<string> Explain(NpgsqlCommand command)
    {
        await using var connection = new NpgsqlConnection(app.Database.ConnectionString);
        await connection.OpenAsync();
        await using var explain = new NpgsqlCommand("explain " + command.CommandText, connection);
        foreach (NpgsqlParameter parameter in command.Parameters) explain.Parameters.Add(parameter.Clone());
        var lines = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
            while (await reader.ReadAsync()) lines.Add(reader.GetString(0));
        var plan = string.Join('\n', lines);
        output.WriteLine(command.CommandText);
        output.WriteLine(plan);
        return plan;
    }

    private async Task<string> IndexNamed(string expressionFragment)
    {
        await app.Seeded;
        await using var connection = new NpgsqlConnection(app.Database.ConnectionString);
        await connection.OpenAsync();
        var table = app.Table.Split('.');
        await using var command = new NpgsqlCommand(
            "select indexname from pg_indexes where schemaname = $1 and tablename = $2 and indexdef ilike $3", connection)
        {
            Parameters = { new() { Value = table[0] }, new() { Value = table[1] }, new() { Value = $"%{expressionFragment}%" } },
        };
        var name = (string?)await command.ExecuteScalarAsync();
        return name.ShouldNotBeNull($"no index on {app.Table} matching '{expressionFragment}'");
    }

    [Fact]
    public async Task the_typical_browse_query_counts_from_the_full_text_and_type_indexes()
    {
        var fullText = await IndexNamed("to_tsvector");
        var typeAndRemote = await IndexNamed("(job_type, remote)");

        var (page, count) = await PlansOf(new JobFilters("designer", null, null, ["full_time"], true));

        count.ShouldContain("Bitmap Index Scan on " + fullText);
        count.ShouldContain("Bitmap Index Scan on " + typeAndRemote);
        page.ShouldNotContain("WindowAgg");
        (page + count).ShouldNotContain("Seq Scan");
    }

    [Fact]
    public async Task a_search_alone_uses_the_full_text_index()
    {
        var fullText = await IndexNamed("to_tsvector");

        var (page, count) = await PlansOf(new JobFilters("electricians", null, null, [], null));

        // A common word matching thousands of jobs may have its page read in posted order until 20 match; never the whole table.
        count.ShouldContain("Bitmap Index Scan on " + fullText);
        (page + count).ShouldNotContain("Seq Scan");
    }

    [Fact]
    public async Task the_map_query_with_a_search_uses_the_full_text_index()
    {
        var fullText = await IndexNamed("to_tsvector");

        var plan = await MapPlanOf(new JobFilters("designer", null, null, ["full_time"], true));

        plan.ShouldContain("Bitmap Index Scan on " + fullText);
        plan.ShouldNotContain("Seq Scan");
    }

    [Fact]
    public async Task a_selective_location_filter_uses_the_lower_case_location_index()
    {
        var location = await IndexNamed("lower((location)");

        var (page, count) = await PlansOf(new JobFilters(null, "REYKJAVIK, iceland", null, [], null));

        page.ShouldContain(location);
        count.ShouldContain(location);
        (page + count).ShouldNotContain("Seq Scan");
    }

    [Fact]
    public async Task only_a_full_page_or_one_past_the_end_costs_a_count()
    {
        var rare = new JobFilters(null, JobsIndexApp.RareLocation, null, [], null);
        var matches = JobsIndexApp.Count / 1000;

        var (full, fullSent) = await Read(rare, new PageRequest(1, 30));
        var (last, lastSent) = await Read(rare, new PageRequest(4, 30));
        var (beyond, beyondSent) = await Read(rare, new PageRequest(5, 30));

        (full.Items.Count, full.Total, fullSent.Count).ShouldBe((30, matches, 2));
        (last.Items.Count, last.Total, lastSent.Count).ShouldBe((10, matches, 1));
        (beyond.Items.Count, beyond.Total, beyondSent.Count).ShouldBe((0, matches, 2));
        (fullSent[0].CommandText + fullSent[1].CommandText).ShouldNotContain("over (");
    }

    /// <summary>EXPLAIN of the one query Marten sends for <c>GET /api/jobs/facets</c> with these filters.</summary>
    private async Task<string> FacetsPlanOf(JobFilters filters)
    {
        await app.Seeded;
        await using var session = app.Store().QuerySession();
        var sent = new SentCommands();
        session.Logger = sent;
        await JobFacetsEndpoint.CountAsync(session, filters, CancellationToken.None);
        return await Explain(sent.Commands.ShouldHaveSingleItem());
    }

    [Fact]
    public async Task without_filters_every_facet_is_counted_from_its_column_index_alone()
    {
        var plan = await FacetsPlanOf(JobFilters.None);

        plan.ShouldContain("Index Only Scan");
        plan.ShouldNotContain("Seq Scan");
    }

    [Theory]
    [InlineData("Location", "locations")]
    [InlineData("Category", "categories")]
    [InlineData("JobType", "types")]
    public async Task the_served_facets_match_the_documents(string member, string facet)
    {
        await app.Seeded;
        await using var session = app.Store().QuerySession();
        var fromDocuments = await session.AdvancedSql.QueryAsync<FacetCount>(
            $"""
             select jsonb_build_object('Value', data ->> '{member}', 'Count', count(*)) from {app.Table} where data ->> '{member}' is not null
             group by data ->> '{member}'
             """, CancellationToken.None);
        var facets = await app.Send(200, s => s.Get.Url("/api/jobs/facets"));
        var served = (await facets.ReadAsJsonAsync<Dictionary<string, FacetCount[]>>())![facet];
        served.ToDictionary(x => x.Value, x => x.Count).ShouldBe(fromDocuments.ToDictionary(x => x.Value, x => x.Count), ignoreOrder: true);
        served.Sum(x => x.Count).ShouldBe(JobsIndexApp.Count);
    }

    [Fact]
    public async Task with_three_filters_no_facet_reads_the_whole_table_and_each_count_is_what_the_list_shows()
    {
        var filters = new JobFilters("designer", null, null, ["full_time"], true);

        (await FacetsPlanOf(filters)).ShouldNotContain("Seq Scan");

        var facets = await (await app.Send(200, s => s.Get.Url("/api/jobs/facets?search=designer&type=full_time&remote=true"))).ReadJson();
        foreach (var (name, parameter, others) in new[]
                 {
                     ("types", "type", "search=designer&remote=true"),
                     ("remote", "remote", "search=designer&type=full_time"),
                     ("locations", "location", "search=designer&type=full_time&remote=true"),
                 })
        {
            var counts = facets.GetProperty(name).EnumerateArray().Take(3).ToList();
            counts.ShouldNotBeEmpty();
            foreach (var count in counts)
            {
                var value = Uri.EscapeDataString(count.GetProperty("value").GetString()!);
                var listed = await (await app.Send(200, s => s.Get.Url($"/api/jobs?{others}&{parameter}={value}&pageSize=1"))).ReadJson();
                listed.GetProperty("total").GetInt64().ShouldBe(count.GetProperty("count").GetInt64(), $"{name} {value}");
            }
        }
    }

    [Fact]
    public async Task the_browse_endpoint_answers_the_typical_query_correctly_and_its_median_time_is_reported()
    {
        await app.Seeded;
        const string url = "/api/jobs?search=designer&remote=true&type=full_time";
        var first = await app.BrowseJobs(url["/api/jobs".Length..]);
        first.Items.Count.ShouldBe(20);
        first.Total.ShouldBeGreaterThan(20);
        first.Items.ShouldAllBe(x => x.Remote && x.JobType == "full_time" && x.Title.Contains("Designer"));
        first.Items.Select(x => x.PostedAt).ShouldBeInOrder(SortDirection.Descending);

        // With a token, as in bench/browse.sh: the output cache would answer an anonymous request.
        var token = app.AdminToken;
        var timings = new List<double>();
        for (var run = 0; run < 20; run++)
        {
            var watch = Stopwatch.StartNew();
            await app.Send(200, s =>
            {
                s.Get.Url(url);
                s.WithBearerToken(token);
            });
            timings.Add(watch.Elapsed.TotalMilliseconds);
        }

        timings.Sort();
        var median = (timings[9] + timings[10]) / 2;
        output.WriteLine($"GET {url} over {JobsIndexApp.Count:N0} jobs ({first.Total} matches): median {median:F1} ms, min {timings[0]:F1} ms, max {timings[^1]:F1} ms over 20 runs");
    }
}

/// <summary>Copies of the commands a session sends, to explain exactly those.</summary>
internal sealed class SentCommands : IMartenSessionLogger
{
    public List<NpgsqlCommand> Commands { get; } = [];

    public void OnBeforeExecute(NpgsqlCommand command) => Commands.Add(Copy(command.CommandText, command.Parameters));

    public void OnBeforeExecute(NpgsqlBatch batch)
    {
        foreach (NpgsqlBatchCommand command in batch.BatchCommands) Commands.Add(Copy(command.CommandText, command.Parameters));
    }

    private static NpgsqlCommand Copy(string text, NpgsqlParameterCollection parameters)
    {
        var copy = new NpgsqlCommand(text);
        foreach (NpgsqlParameter parameter in parameters) copy.Parameters.Add(parameter.Clone());
        return copy;
    }

    public void LogSuccess(NpgsqlCommand command) { }
    public void LogFailure(NpgsqlCommand command, Exception ex) { }
    public void LogSuccess(NpgsqlBatch batch) { }
    public void LogFailure(NpgsqlBatch batch, Exception ex) { }
    public void LogFailure(Exception ex, string message) { }
    public void RecordSavedChanges(IDocumentSession session, IChangeSet commit) { }
}
