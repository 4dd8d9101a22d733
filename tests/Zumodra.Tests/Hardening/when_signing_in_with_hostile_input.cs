using System.Net;
using System.Text.RegularExpressions;
using Zumodra.Tests.Infrastructure;

namespace Zumodra.Tests.Hardening;

/// <summary>The admin sign-in form and pages with control and bidirectional characters, NUL and repeated fields: refused, never a 500.</summary>
[Collection(HardeningCollection.Name)]
public sealed partial class when_signing_in_with_hostile_input(HardeningApp app)
{
    private static readonly string[] Bad = ["\u0000", "\u001B", "\u0007", "\u202E"];

    /// <summary>
    /// Refused: the form again with its error, 429 once the failures from this address pile up, or 400 when the form
    /// itself cannot be read; never a 5xx or a sign-in.
    /// </summary>
    private static void ShouldBeRefused(HttpResponseMessage response) =>
        response.StatusCode.ShouldBeOneOf(HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests);

    /// <summary>Posts the login form as a browser would (antiforgery token and cookie), with any fields, repeated or not.</summary>
    private async Task<HttpResponseMessage> PostLogin(string handler, IEnumerable<KeyValuePair<string, string>> fields, string query = "")
    {
        var client = app.Host.Server.CreateClient();
        var page = await client.GetAsync("/admin/login");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        var token = AntiforgeryToken().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value;
        var cookie = page.Headers.GetValues("Set-Cookie").Select(x => x.Split(";")[0]).First(x => x.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        using var form = new HttpRequestMessage(HttpMethod.Post, $"/admin/login?handler={handler}{query}")
        {
            Content = new FormUrlEncodedContent(fields.Append(KeyValuePair.Create("__RequestVerificationToken", token))),
        };
        form.Headers.Add("Cookie", cookie);
        return await client.SendAsync(form);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [Fact]
    public async Task hostile_tokens_and_credentials_are_refused_not_a_500()
    {
        foreach (var bad in Bad)
        {
            ShouldBeRefused(await PostLogin("token", [KeyValuePair.Create("token", $"ey{bad}J")]));
            ShouldBeRefused(await PostLogin("credential", [KeyValuePair.Create("user", $"ad{bad}min"), KeyValuePair.Create("password", bad)]));
            var returned = await PostLogin("token", [KeyValuePair.Create("token", "x")], $"&returnUrl={Uri.EscapeDataString($"/admin{bad}")}");
            ((int)returned.StatusCode).ShouldBeLessThan(500);
        }
    }

    [Fact]
    public async Task repeated_fields_are_refused_not_a_500()
    {
        ShouldBeRefused(await PostLogin("token", [KeyValuePair.Create("token", "a"), KeyValuePair.Create("token", "b")]));
        ShouldBeRefused(await PostLogin("credential",
            [KeyValuePair.Create("user", "a"), KeyValuePair.Create("user", "b"), KeyValuePair.Create("password", "c"), KeyValuePair.Create("password", "d")]));
    }

    [Fact]
    public async Task a_valid_token_with_a_bidi_character_appended_does_not_sign_in()
    {
        ShouldBeRefused(await PostLogin("token", [KeyValuePair.Create("token", app.AdminToken + "\u202E")]));
    }

    [Theory]
    [InlineData("/admin?q=")]
    [InlineData("/admin?started=")]
    [InlineData("/admin/login?returnUrl=")]
    [InlineData("/admin/streams/00000000-0000-0000-0000-000000000001?x=")]
    public async Task admin_pages_with_hostile_parameters_are_not_a_500(string url)
    {
        // Besides the characters: a lone surrogate and bytes that are not UTF-8 at all, as a raw URL can carry them.
        foreach (var bad in Bad.Select(Uri.EscapeDataString).Append("%ED%A0%80").Append("%FF%FE"))
        {
            await app.NotAServerError(s => s.Get.Url($"{url}a{bad}b"), asAdmin: true);
            await app.NotAServerError(s => s.Get.Url($"{url}a{bad}b&q=1&q=2"), asAdmin: true);
        }
    }
}
