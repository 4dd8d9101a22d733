using Zumodra.Jobs;

namespace Zumodra.Tests.Jobs;

[Collection(JobsCollection.Name)]
public sealed class when_browsing_jobs(JobsApp app)
{
    [Fact]
    public async Task the_answer_has_items_total_page_and_page_size_with_defaults()
    {
        await app.PostJob(JobScenarios.AJob("Listed Engineer"));

        var result = await app.Send(200, s => s.Get.Url("/api/jobs"));

        var body = await result.ReadJson();
        body.EnumerateObject().Select(p => p.Name).ShouldBe(["items", "total", "page", "pageSize"]);
        body.GetProperty("page").GetInt32().ShouldBe(1);
        body.GetProperty("pageSize").GetInt32().ShouldBe(20);
        body.GetProperty("total").GetInt64().ShouldBeGreaterThanOrEqualTo(1);
        body.GetProperty("items").GetArrayLength().ShouldBe((int)Math.Min(20, body.GetProperty("total").GetInt64()));
    }

    [Fact]
    public async Task search_is_full_text_over_title_and_description_with_stemming()
    {
        var tag = JobScenarios.NewTag();
        var engineer = await app.PostJob(JobScenarios.ATaggedJob(tag, "Platform Engineer") with { Description = "Keep the lights on." });
        var writer = await app.PostJob(JobScenarios.ATaggedJob(tag, "Content Writer") with { Description = "Write about engineering culture." });
        await app.PostJob(JobScenarios.ATaggedJob(tag, "Sales Lead") with { Description = "Sell the product." });

        (await app.BrowseJobs($"?search=engineers {tag}")).Items.Select(x => x.Id).ShouldBe([writer.Id, engineer.Id], ignoreOrder: true);
        (await app.BrowseJobs($"?search=lights {tag}")).Items.Select(x => x.Id).ShouldBe([engineer.Id]);
        (await app.BrowseJobs($"?search=writing {tag}")).Items.Select(x => x.Id).ShouldBe([writer.Id]);
        (await app.BrowseJobs($"?search={tag}")).Total.ShouldBe(3);
        (await app.BrowseJobs($"?search=astronaut {tag}")).Total.ShouldBe(0);
    }

    [Fact]
    public async Task search_accepts_web_search_syntax_without_failing()
    {
        var tag = JobScenarios.NewTag();
        var engineer = await app.PostJob(JobScenarios.ATaggedJob(tag, "Platform Engineer"));
        await app.PostJob(JobScenarios.ATaggedJob(tag, "Sales Lead"));

        (await app.BrowseJobs($"?search={tag} -sales")).Items.Select(x => x.Id).ShouldBe([engineer.Id]);
        (await app.BrowseJobs($"?search=%22platform engineer%22 {tag}")).Items.Select(x => x.Id).ShouldBe([engineer.Id]);
        (await app.BrowseJobs($"?search={tag} %27%3B drop table x; --")).Total.ShouldBe(0);
        (await app.BrowseJobs($"?search=%22engineer {tag}")).Items.Select(x => x.Id).ShouldBe([engineer.Id]);
    }

    [Fact]
    public async Task location_is_an_exact_match_ignoring_case()
    {
        var tag = JobScenarios.NewTag();
        var here = await app.PostJob(JobScenarios.ATaggedJob(tag) with { Location = $"Porto {tag}, Portugal" });
        await app.PostJob(JobScenarios.ATaggedJob(tag) with { Location = $"Porto {tag}" });

        (await app.BrowseJobs($"?location=PORTO {tag.ToUpperInvariant()}, portugal")).Items.Select(x => x.Id).ShouldBe([here.Id]);
        (await app.BrowseJobs($"?location=Porto {tag}, Portugal")).Items.Select(x => x.Id).ShouldBe([here.Id]);
        (await app.BrowseJobs($"?location=Porto")).Items.ShouldNotContain(x => x.Id == here.Id);
        (await app.BrowseJobs($"?location=  porto {tag}, portugal  ")).Items.Select(x => x.Id).ShouldBe([here.Id]);
    }

    [Fact]
    public async Task category_is_an_exact_match_ignoring_case()
    {
        var tag = JobScenarios.NewTag();
        var data = await app.PostJob(JobScenarios.ATaggedJob(tag) with { Category = $"Data {tag}" });
        await app.PostJob(JobScenarios.ATaggedJob(tag) with { Category = $"Data {tag} Science" });

        (await app.BrowseJobs($"?category=data {tag.ToUpperInvariant()}")).Items.Select(x => x.Id).ShouldBe([data.Id]);
    }

    [Fact]
    public async Task type_may_be_repeated_or_comma_separated()
    {
        var tag = JobScenarios.NewTag();
        var full = await app.PostJob(JobScenarios.ATaggedJob(tag, jobType: "full_time"));
        var contract = await app.PostJob(JobScenarios.ATaggedJob(tag, jobType: "contract"));
        var intern = await app.PostJob(JobScenarios.ATaggedJob(tag, jobType: "internship"));

        (await app.BrowseJobs($"?search={tag}&type=contract")).Items.Select(x => x.Id).ShouldBe([contract.Id]);
        (await app.BrowseJobs($"?search={tag}&type=full_time&type=internship")).Items.Select(x => x.Id).ShouldBe([full.Id, intern.Id], ignoreOrder: true);
        (await app.BrowseJobs($"?search={tag}&type=full_time,contract")).Items.Select(x => x.Id).ShouldBe([full.Id, contract.Id], ignoreOrder: true);
        (await app.BrowseJobs($"?search={tag}&type=temporary")).Total.ShouldBe(0);
    }

    [Fact]
    public async Task remote_filters_both_ways()
    {
        var tag = JobScenarios.NewTag();
        var remote = await app.PostJob(JobScenarios.ATaggedJob(tag) with { Remote = true });
        var onsite = await app.PostJob(JobScenarios.ATaggedJob(tag) with { Remote = false });

        (await app.BrowseJobs($"?search={tag}&remote=true")).Items.Select(x => x.Id).ShouldBe([remote.Id]);
        (await app.BrowseJobs($"?search={tag}&remote=false")).Items.Select(x => x.Id).ShouldBe([onsite.Id]);
        (await app.BrowseJobs($"?search={tag}&remote=1")).Items.Select(x => x.Id).ShouldBe([remote.Id]);
        (await app.BrowseJobs($"?search={tag}")).Total.ShouldBe(2);
    }

    [Fact]
    public async Task filters_combine()
    {
        var tag = JobScenarios.NewTag();
        var match = await app.PostJob(JobScenarios.ATaggedJob(tag, jobType: "contract") with { Remote = true, Location = $"Rome {tag}", Category = $"Ops {tag}" });
        await app.PostJob(JobScenarios.ATaggedJob(tag, jobType: "contract") with { Remote = false, Location = $"Rome {tag}", Category = $"Ops {tag}" });
        await app.PostJob(JobScenarios.ATaggedJob(tag, jobType: "full_time") with { Remote = true, Location = $"Rome {tag}", Category = $"Ops {tag}" });
        await app.PostJob(JobScenarios.ATaggedJob(tag, jobType: "contract") with { Remote = true, Location = $"Milan {tag}", Category = $"Ops {tag}" });

        var page = await app.BrowseJobs($"?search={tag}&remote=true&type=contract&location=rome {tag}&category=ops {tag}");

        page.Items.Select(x => x.Id).ShouldBe([match.Id]);
        page.Total.ShouldBe(1);
    }

    [Fact]
    public async Task newest_is_the_default_sort()
    {
        var tag = JobScenarios.NewTag();
        var first = await app.PostJob(JobScenarios.ATaggedJob(tag, "First"));
        var second = await app.PostJob(JobScenarios.ATaggedJob(tag, "Second"));
        var third = await app.PostJob(JobScenarios.ATaggedJob(tag, "Third"));

        (await app.BrowseJobs($"?search={tag}")).Items.Select(x => x.Id).ShouldBe([third.Id, second.Id, first.Id]);
        (await app.BrowseJobs($"?search={tag}&sort=newest")).Items.Select(x => x.Id).ShouldBe([third.Id, second.Id, first.Id]);
    }

    [Fact]
    public async Task salary_sorts_by_highest_maximum_then_newest()
    {
        var tag = JobScenarios.NewTag();
        var low = await app.PostJob(JobScenarios.ATaggedJob(tag) with { SalaryMin = 10, SalaryMax = 50_000 });
        var high = await app.PostJob(JobScenarios.ATaggedJob(tag) with { SalaryMin = 10, SalaryMax = 120_000 });
        var olderMid = await app.PostJob(JobScenarios.ATaggedJob(tag) with { SalaryMin = 10, SalaryMax = 70_000 });
        var newerMid = await app.PostJob(JobScenarios.ATaggedJob(tag) with { SalaryMin = 10, SalaryMax = 70_000 });

        (await app.BrowseJobs($"?search={tag}&sort=salary")).Items.Select(x => x.Id).ShouldBe([high.Id, newerMid.Id, olderMid.Id, low.Id]);
    }

    [Fact]
    public async Task salary_sort_puts_jobs_without_a_salary_last()
    {
        var tag = JobScenarios.NewTag();
        var unpaid = await app.PostJob(JobScenarios.ATaggedJob(tag) with { SalaryMin = null, SalaryMax = null });
        var paid = await app.PostJob(JobScenarios.ATaggedJob(tag) with { SalaryMin = 10, SalaryMax = 50_000 });

        (await app.BrowseJobs($"?search={tag}&sort=salary")).Items.Select(x => x.Id).ShouldBe([paid.Id, unpaid.Id]);
    }

    [Fact]
    public async Task paging_slices_the_sorted_list_and_keeps_the_total()
    {
        var tag = JobScenarios.NewTag();
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++) ids.Add((await app.PostJob(JobScenarios.ATaggedJob(tag, $"Paged {i}"))).Id);
        ids.Reverse(); // newest first

        var page1 = await app.BrowseJobs($"?search={tag}&pageSize=2");
        var page2 = await app.BrowseJobs($"?search={tag}&pageSize=2&page=2");
        var page3 = await app.BrowseJobs($"?search={tag}&pageSize=2&page=3");

        page1.Items.Select(x => x.Id).ShouldBe(ids[..2]);
        page2.Items.Select(x => x.Id).ShouldBe(ids[2..4]);
        page3.Items.Select(x => x.Id).ShouldBe(ids[4..]);
        page1.Total.ShouldBe(5);
        page2.Total.ShouldBe(5);
        page3.Total.ShouldBe(5);
        (page2.Page, page2.PageSize).ShouldBe((2, 2));
        (await app.BrowseJobs($"?search={tag}&pageSize=100")).Items.Count.ShouldBe(5);
    }

    [Fact]
    public async Task a_page_past_the_end_is_empty()
    {
        var tag = JobScenarios.NewTag();
        for (var i = 0; i < 3; i++) await app.PostJob(JobScenarios.ATaggedJob(tag));

        var page = await app.BrowseJobs($"?search={tag}&pageSize=2&page=5");

        page.Items.ShouldBeEmpty();
        page.Page.ShouldBe(5);
    }

    [Fact]
    public async Task a_page_past_the_end_still_reports_the_total()
    {
        var tag = JobScenarios.NewTag();
        for (var i = 0; i < 3; i++) await app.PostJob(JobScenarios.ATaggedJob(tag));

        (await app.BrowseJobs($"?search={tag}&pageSize=2&page=5")).Total.ShouldBe(3);
    }

    [Fact]
    public async Task items_carry_the_browse_fields()
    {
        var tag = JobScenarios.NewTag();
        var form = JobScenarios.ATaggedJob(tag, "Fielded", "temporary") with { Remote = true, Currency = "GBP" };
        var written = await app.PostJob(form);

        var item = (await app.BrowseJobs($"?search={tag}")).Items.ShouldHaveSingleItem();

        item.ShouldShow(written.Id, form, version: 1);
    }

    [Fact]
    public async Task all_job_types_are_filterable()
    {
        var tag = JobScenarios.NewTag();
        foreach (var type in JobTypes.All) await app.PostJob(JobScenarios.ATaggedJob(tag, jobType: type));

        foreach (var type in JobTypes.All)
            (await app.BrowseJobs($"?search={tag}&type={type}")).Items.ShouldHaveSingleItem().JobType.ShouldBe(type);
    }
}
