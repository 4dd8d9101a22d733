using CsvHelper;
using Microsoft.Playwright;
using UglyToad.PdfPig;
using static Microsoft.Playwright.Assertions;

namespace Zumodra.Tests.Browser;

/// <summary>
/// A visitor exports "remote jobs in Berlin" from the list (and companies from the map) through the Export menu, on a
/// desktop and a phone, and opens both files: the menu keeps the page's filters and sort, and axe finds nothing serious
/// with it open.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class when_exporting_from_the_list_pages(BrowserApp app)
{
    public static TheoryData<string, bool> Pages() => new()
    {
        { "/jobs?location=Berlin,%20Germany&remote=true", false },
        { "/jobs?location=Berlin,%20Germany&remote=true", true },
        { "/companies/map?sort=name", false },
        { "/companies/map?sort=name", true },
    };

    [Theory, MemberData(nameof(Pages))]
    public async Task the_export_menu_downloads_the_lists_csv_and_pdf(string path, bool phone)
    {
        await using var browser = await app.OpenAsync(path, phone ? BrowserApp.Phone() : null);
        var page = browser.Page;
        var module = path.Split('/', '?')[1];
        var query = path[path.IndexOf('?')..];

        var menu = page.Locator("details.export-menu");
        await menu.Locator("summary").ClickAsync();
        var csv = menu.GetByRole(AriaRole.Link, new() { Name = "CSV" });
        await Expect(csv).ToBeInViewportAsync(new() { Ratio = 1 });
        (await csv.GetAttributeAsync("href")).ShouldBe($"/api/{module}/export.csv{query}");
        (await browser.SeriousAccessibilityViolationsAsync()).ShouldBeEmpty("with the export menu open");
        await browser.ScreenshotAsync($"export-menu-{module}-{(phone ? "phone" : "desktop")}");

        var table = await Download(page, csv);
        table.Take(3).ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });
        using (var reader = CsvReader.Create(table))
        {
            reader.Headers[0].ShouldBe(module == "jobs" ? "Title" : "Name");
            if (module == "jobs")
                while (reader.Read())
                {
                    reader.GetString("Location").ShouldBe("Berlin, Germany");
                    reader.GetString("Remote").ShouldBe("Yes");
                }
        }

        var pdf = await Download(page, menu.GetByRole(AriaRole.Link, new() { Name = "PDF" }), reopen: menu.Locator("summary"));
        using var document = PdfDocument.Open(pdf);
        var first = string.Join(' ', document.GetPage(1).GetWords().Select(word => word.Text));
        first.ShouldContain(module == "jobs" ? "Filters: Location: Berlin, Germany, Workplace: Remote" : "Filters: No filters");
    }

    private static async Task<byte[]> Download(IPage page, ILocator link, ILocator? reopen = null)
    {
        if (reopen is not null && !await link.IsVisibleAsync()) await reopen.ClickAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        download.SuggestedFilename.ShouldStartWith("zumodra-");
        return await File.ReadAllBytesAsync((await download.PathAsync())!);
    }
}
