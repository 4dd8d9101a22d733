using System.Net;
using System.Text;
using System.Text.Json;
using Wolverine.Tracking;
using Zumodra.BuildingBlocks;
using Zumodra.Live.Contracts;

namespace Zumodra.Tests.Companies;

/// <summary>
/// Logos an admin uploads: told apart by content, SVGs sanitised, stored by Zumodra and served by their hash, named by
/// the browse item; every refusal a ProblemDetails naming <c>logo</c>, with nothing stored or appended.
/// </summary>
[Collection(CompaniesCollection.Name)]
public sealed class when_uploading_a_logo(CompaniesApp app)
{
    public static TheoryData<string, string> Formats => new()
    {
        { "png", "image/png" }, { "jpg", "image/jpeg" }, { "webp", "image/webp" }, { "svg", "image/svg+xml" },
    };

    private static byte[] Image(string extension) => extension switch
    {
        "png" => LogoImages.Png,
        "jpg" => LogoImages.Jpeg,
        "webp" => LogoImages.WebP,
        _ => LogoImages.Utf8(LogoImages.Svg),
    };

    [Theory, MemberData(nameof(Formats))]
    public async Task each_format_is_stored_and_served_for_good_at_the_address_the_browse_item_names(string extension, string contentType)
    {
        var company = await app.RegisterCompany(CompanyScenarios.ACompany(CompanyScenarios.Unique("Logo")));

        var result = await app.UploadLogo(company.Id, Image(extension));

        (await result.ReadAsJsonAsync<Written>()).ShouldBe(new Written(company.Id, 2));
        var item = (await app.BrowseCompany(company.Id))!;
        item.LogoUrl.ShouldBe(LogoImages.PathOf(Image(extension), extension));
        item.ProfileLogoUrl.ShouldBe("https://acme.example.com/logo.png");
        item.Version.ShouldBe(2);

        var served = await app.Host.Scenario(s => s.Get.Url(item.LogoUrl!));
        var response = served.Context.Response;
        response.ContentType.ShouldBe(contentType);
        response.Headers.CacheControl.ToString().ShouldBe("public, max-age=31536000, immutable");
        response.Headers.XContentTypeOptions.ToString().ShouldBe("nosniff");
        response.Headers.ContentSecurityPolicy.ToString().ShouldBe(extension == "svg" ? "default-src 'none'; style-src 'unsafe-inline'; sandbox" : "");
        (await Bytes(served)).ShouldBe(Image(extension));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("image/gif")]
    [InlineData("application/json")]
    [InlineData("text/plain")]
    public async Task the_format_is_told_by_content_whatever_the_content_type_says(string? contentType)
    {
        var company = await app.RegisterCompany(CompanyScenarios.ACompany(CompanyScenarios.Unique("Renamed")));

        await app.UploadLogo(company.Id, LogoImages.Png, contentType);

        var item = (await app.BrowseCompany(company.Id))!;
        item.LogoUrl.ShouldBe(LogoImages.PathOf(LogoImages.Png, "png"));
        (await app.Host.Scenario(s => s.Get.Url(item.LogoUrl!))).Context.Response.ContentType.ShouldBe("image/png");
    }

    public static TheoryData<string, byte[]> NotLogos => new()
    {
        { "a GIF", LogoImages.Gif },
        { "text", LogoImages.Utf8("This is my logo, honest.") },
        { "an empty body", [] },
        { "JSON", LogoImages.Utf8("""{ "logo": "https://example.com/logo.png" }""") },
        { "HTML", LogoImages.Utf8("<html><body><svg></svg></body></html>") },
        { "an svg outside the SVG namespace", LogoImages.Utf8("<svg><rect width='8' height='8'/></svg>") },
        { "broken XML", LogoImages.Utf8("<svg xmlns='http://www.w3.org/2000/svg'><rect></svg>") },
        { "a PNG signature cut short", LogoImages.Png[..5] },
        { "a RIFF that is not WebP", [.. "RIFF"u8, 4, 0, 0, 0, .. "WAVE"u8] },
    };

    [Theory, MemberData(nameof(NotLogos))]
    public async Task anything_else_is_400_naming_logo_and_nothing_is_stored_or_appended(string what, byte[] body)
    {
        var company = await app.RegisterCompany(CompanyScenarios.ACompany(CompanyScenarios.Unique("NotLogo")));
        var stored = await app.StoredLogos();

        var result = await app.UploadLogo(company.Id, body, "image/png", status: 400);

        await ShouldNameLogo(result, what);
        (await app.StreamVersion(company.Id)).ShouldBe(1);
        (await app.StoredLogos()).ShouldBe(stored);
        (await app.BrowseCompany(company.Id))!.LogoUrl.ShouldBe("https://acme.example.com/logo.png");
    }

    [Fact]
    public async Task more_than_512_KB_is_413_naming_logo_and_512_KB_is_taken()
    {
        var company = await app.RegisterCompany(CompanyScenarios.ACompany(CompanyScenarios.Unique("Huge")));
        var stored = await app.StoredLogos();
        var limit = new byte[512 * 1024];
        LogoImages.Png.CopyTo(limit, 0);

        await ShouldNameLogo(await app.UploadLogo(company.Id, [.. limit, 0], status: 413), "513 KB less a byte");
        (await app.StreamVersion(company.Id)).ShouldBe(1);
        (await app.StoredLogos()).ShouldBe(stored);

        await app.UploadLogo(company.Id, limit);
        (await app.StreamVersion(company.Id)).ShouldBe(2);
    }

    [Fact]
    public async Task an_unknown_or_deleted_company_is_404_and_nothing_is_stored()
    {
        var company = await app.RegisterCompany(CompanyScenarios.ACompany(CompanyScenarios.Unique("Gone")));
        await app.CompanyAction(company.Id, "delete");
        var stored = await app.StoredLogos();

        await app.UploadLogo(Guid.NewGuid(), LogoImages.Png, status: 404);
        await app.UploadLogo(company.Id, LogoImages.Png, status: 404);
        await app.Host.Scenario(s =>
        {
            s.Delete.Url($"/api/companies/{company.Id}/logo");
            s.WithBearerToken(app.AdminToken);
            s.StatusCodeShouldBe(HttpStatusCode.NotFound);
        });

        (await app.StreamVersion(company.Id)).ShouldBe(2);
        (await app.StoredLogos()).ShouldBe(stored);
    }

    [Fact]
    public async Task the_same_logo_again_appends_nothing_and_removing_it_shows_the_profile_address_again()
    {
        var company = await app.RegisterCompany(CompanyScenarios.ACompany(CompanyScenarios.Unique("Again")));
        await app.UploadLogo(company.Id, LogoImages.WebP);
        var again = await app.UploadLogo(company.Id, LogoImages.WebP);
        (await again.ReadAsJsonAsync<Written>()).ShouldBe(new Written(company.Id, 2));

        // Editing the profile keeps the uploaded logo in front of the profile's address.
        await app.EditCompany(company.Id, CompanyScenarios.ACompany(CompanyScenarios.Unique("Edited")) with { LogoUrl = "https://edited.example.com/logo.svg" });
        var edited = (await app.BrowseCompany(company.Id))!;
        edited.LogoUrl.ShouldBe(LogoImages.PathOf(LogoImages.WebP, "webp"));
        edited.ProfileLogoUrl.ShouldBe("https://edited.example.com/logo.svg");

        (await Remove(company.Id)).ShouldBe(new Written(company.Id, 4));
        var removed = (await app.BrowseCompany(company.Id))!;
        removed.LogoUrl.ShouldBe("https://edited.example.com/logo.svg");
        removed.UpdatedAt.ShouldBeGreaterThan(edited.UpdatedAt);
        (await Remove(company.Id)).ShouldBe(new Written(company.Id, 4));
        (await app.StreamVersion(company.Id)).ShouldBe(4);

        // The bytes stay where they were: a cached page may still name them.
        await app.Host.Scenario(s => s.Get.Url(edited.LogoUrl!));
    }

    public static TheoryData<string, string, string[]> HostileSvgs => new()
    {
        {
            "a script",
            """<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><circle r="4"/><script type="text/javascript"><![CDATA[alert(2)]]></script></svg>""",
            ["script", "alert"]
        },
        {
            "event handlers",
            """<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="4" onclick="alert(2)" ONMOUSEOVER="alert(3)"/></svg>""",
            ["onload", "onclick", "alert", "ONMOUSEOVER"]
        },
        {
            "a foreignObject",
            """<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><body xmlns="http://www.w3.org/1999/xhtml"><iframe src="https://evil.example"/></body></foreignObject><circle r="4"/></svg>""",
            ["foreignObject", "iframe", "evil"]
        },
        {
            "outside and script links",
            """<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><a href="javascript:alert(1)"><circle r="4"/></a><use xlink:href="https://evil.example/sprite.svg#logo"/><use href="javascript:alert(2)"/><image href="https://evil.example/track.png"/><circle r="4"/></svg>""",
            ["javascript", "evil", "<a", "image"]
        },
        {
            "animation that sets a link",
            """<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"><set attributeName="href" to="javascript:alert(1)"/><animate attributeName="r" values="1;4"/></circle></svg>""",
            ["set", "animate", "javascript"]
        },
        {
            "styles that fetch",
            """<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://evil.example/a.css);</style><style>circle { fill: url(https://evil.example/p.svg#p) }</style><style>rect { fill: u\72l(https://evil.example/x) }</style><circle r="4" style="fill: url('https://evil.example/q')" fill="url(https://evil.example/r#g)"/></svg>""",
            ["@import", "evil", "style", "url("]
        },
        {
            "outside namespaces and processing instructions",
            """<?xml-stylesheet href="https://evil.example/s.css"?><svg xmlns="http://www.w3.org/2000/svg" xmlns:x="https://evil.example/ns"><x:payload>alert(1)</x:payload><!-- a comment --><circle r="4" x:attr="1"/></svg>""",
            ["evil", "xml-stylesheet", "payload", "comment", "x:attr"]
        },
    };

    [Theory, MemberData(nameof(HostileSvgs))]
    public async Task a_hostile_svg_is_served_with_only_its_static_drawing(string what, string svg, string[] gone)
    {
        var company = await app.RegisterCompany(CompanyScenarios.ACompany(CompanyScenarios.Unique("Hostile")));

        await app.UploadLogo(company.Id, LogoImages.Utf8(svg));

        var served = await ServedSvg(company.Id);
        foreach (var word in gone) served.ShouldNotContain(word, Case.Insensitive, $"{what}: {served}");
        served.ShouldContain("<circle r=\"4\"", Case.Sensitive, $"{what}: {served}");
        served.ShouldStartWith("""<svg xmlns="http://www.w3.org/2000/svg">""");
    }

    [Fact]
    public async Task same_document_links_gradients_and_text_are_kept()
    {
        var company = await app.RegisterCompany(CompanyScenarios.ACompany(CompanyScenarios.Unique("Kept")));
        const string svg = """
            <svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 64 64">
              <defs><linearGradient id="g"><stop offset="0" stop-color="#1f6feb"/></linearGradient><path id="p" d="M0 0h8v8z"/></defs>
              <style>.a { fill: url(#g) }</style>
              <use xlink:href="#p" class="a"/><rect fill="url('#g')" width="8" height="8"/><text x="4" y="40">Acme &amp; Co</text>
            </svg>
            """;

        await app.UploadLogo(company.Id, LogoImages.Utf8(svg));

        var served = await ServedSvg(company.Id);
        served.ShouldContain("""<use href="#p" class="a" />""");
        served.ShouldContain("<style>.a { fill: url(#g) }</style>");
        served.ShouldContain("""<rect fill="url('#g')" width="8" height="8" />""");
        served.ShouldContain("<text x=\"4\" y=\"40\">Acme &amp; Co</text>");
        served.ShouldContain("""<linearGradient id="g">""");
    }

    [Fact]
    public async Task a_doctype_is_dropped_and_never_read()
    {
        var company = await app.RegisterCompany(CompanyScenarios.ACompany(CompanyScenarios.Unique("Doctype")));
        const string exported = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
            <svg xmlns="http://www.w3.org/2000/svg" version="1.1"><circle r="4"/></svg>
            """;

        await app.UploadLogo(company.Id, LogoImages.Utf8(exported));

        var served = await ServedSvg(company.Id);
        served.ShouldBe("""<svg version="1.1" xmlns="http://www.w3.org/2000/svg"><circle r="4" /></svg>""");
    }

    public static TheoryData<string, string> Refused => new()
    {
        {
            "entity expansion",
            """<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><svg xmlns="http://www.w3.org/2000/svg"><text>&c;</text></svg>"""
        },
        {
            "an outside entity",
            """<!DOCTYPE svg [<!ENTITY secret SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg"><text>&secret;</text></svg>"""
        },
        {
            "nesting deeper than any drawing",
            $"""<svg xmlns="http://www.w3.org/2000/svg">{string.Concat(Enumerable.Repeat("<g>", 20_000))}{string.Concat(Enumerable.Repeat("</g>", 20_000))}</svg>"""
        },
    };

    [Theory, MemberData(nameof(Refused))]
    public async Task an_svg_that_would_expand_entities_or_nest_too_deep_is_400_naming_logo(string what, string svg)
    {
        var company = await app.RegisterCompany(CompanyScenarios.ACompany(CompanyScenarios.Unique("Refused")));
        var stored = await app.StoredLogos();

        await ShouldNameLogo(await app.UploadLogo(company.Id, LogoImages.Utf8(svg), status: 400), what);

        (await app.StreamVersion(company.Id)).ShouldBe(1);
        (await app.StoredLogos()).ShouldBe(stored);
    }

    [Theory]
    [InlineData("/logos/0000000000000000000000000000000000000000000000000000000000000000.png")]
    [InlineData("/logos/nothing.png")]
    [InlineData("/logos/ABCDEF0000000000000000000000000000000000000000000000000000000000.svg")]
    [InlineData("/logos/x")]
    public async Task an_unknown_logo_is_a_404_problem(string path)
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Get.Url(path);
            s.StatusCodeShouldBe(HttpStatusCode.NotFound);
        });
        result.Context.Response.ContentType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task a_stored_logo_is_404_under_another_extension_and_304_to_a_browser_that_has_it()
    {
        var company = await app.RegisterCompany(CompanyScenarios.ACompany(CompanyScenarios.Unique("Etag")));
        await app.UploadLogo(company.Id, LogoImages.Jpeg);
        var path = (await app.BrowseCompany(company.Id))!.LogoUrl!;

        await app.Host.Scenario(s =>
        {
            s.Get.Url(path.Replace(".jpg", ".png", StringComparison.Ordinal));
            s.StatusCodeShouldBe(HttpStatusCode.NotFound);
        });
        var first = await app.Host.Scenario(s => s.Get.Url(path));
        var etag = first.Context.Response.Headers.ETag.ToString();
        etag.ShouldNotBeEmpty();
        await app.Host.Scenario(s =>
        {
            s.Get.Url(path);
            s.WithRequestHeader("If-None-Match", etag);
            s.StatusCodeShouldBe(HttpStatusCode.NotModified);
        });
    }

    [Fact]
    public async Task the_live_change_carries_the_new_address()
    {
        var company = await app.RegisterCompany(CompanyScenarios.ACompany(CompanyScenarios.Unique("Pushed")));

        var tracked = await app.Host.TrackActivity().Timeout(TimeSpan.FromSeconds(30))
            .ExecuteAndWaitAsync((Func<Wolverine.IMessageContext, Task>)(_ => app.UploadLogo(company.Id, LogoImages.Png)));

        var change = tracked.Sent.MessagesOf<BrowseItemChanged>().ShouldHaveSingleItem();
        change.Change.ShouldBe(BrowseChange.Updated);
        change.Item!.Value.GetProperty("logoUrl").GetString().ShouldBe(LogoImages.PathOf(LogoImages.Png, "png"));
    }

    [Fact]
    public async Task the_pages_show_an_uploaded_logo_and_never_an_outside_one()
    {
        var name = CompanyScenarios.Unique("Paged");
        var company = await app.RegisterCompany(CompanyScenarios.ACompany(name));
        var before = await Page($"/companies/{company.Id}");
        before.ShouldNotContain("acme.example.com/logo.png");
        before.ShouldContain("""alt="" data-field="logoUrl" data-format="logo" hidden="hidden">""");

        await app.UploadLogo(company.Id, LogoImages.Png);

        var path = LogoImages.PathOf(LogoImages.Png, "png");
        (await Page($"/companies/{company.Id}")).ShouldContain($"""<img src="{path}" alt="" data-field="logoUrl" data-format="logo">""");
        (await Page($"/companies?search={name}")).ShouldContain($"""<img src="{path}" """);
    }

    private async Task<Written> Remove(Guid id)
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Delete.Url($"/api/companies/{id}/logo");
            s.WithBearerToken(app.AdminToken);
        });
        return (await result.ReadAsJsonAsync<Written>())!;
    }

    /// <summary>The logo the company's browse item names, as served.</summary>
    private async Task<string> ServedSvg(Guid id)
    {
        var path = (await app.BrowseCompany(id))!.LogoUrl!;
        path.ShouldEndWith(".svg");
        return Encoding.UTF8.GetString(await Bytes(await app.Host.Scenario(s => s.Get.Url(path))));
    }

    private async Task<string> Page(string path) => await (await app.Host.Scenario(s => s.Get.Url(path))).ReadAsTextAsync();

    private static async Task<byte[]> Bytes(IScenarioResult result)
    {
        using var body = new MemoryStream();
        await result.Context.Response.Body.CopyToAsync(body);
        return body.ToArray();
    }

    private static async Task ShouldNameLogo(IScenarioResult result, string what)
    {
        result.Context.Response.ContentType.ShouldBe("application/problem+json", what);
        var errors = (await result.ReadAsJsonAsync<JsonElement>()).GetProperty("errors");
        errors.EnumerateObject().Select(x => x.Name).ShouldBe(["logo"], what);
    }
}
