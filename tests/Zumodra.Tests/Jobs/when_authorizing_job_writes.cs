using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.Tokens;
using Zumodra.Tests.Infrastructure;

namespace Zumodra.Tests.Jobs;

/// <summary>Every admin write needs a valid token with role admin: none is 401, another role 403.</summary>
[Collection(JobsCollection.Name)]
public sealed class when_authorizing_job_writes(JobsApp app)
{
    public static readonly string[] WriteEndpoints = ["POST /api/jobs", "PUT /api/jobs/{id}", "POST /api/jobs/{id}/close", "POST /api/jobs/{id}/reopen", "DELETE /api/jobs/{id}"];

    public static TheoryData<string, string, int> Matrix()
    {
        var data = new TheoryData<string, string, int>();
        foreach (var endpoint in WriteEndpoints)
        {
            data.Add(endpoint, "none", 401);
            data.Add(endpoint, "visitor", 403);
            data.Add(endpoint, "admin", endpoint == "POST /api/jobs" ? 201 : 200);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task the_caller_gets_the_expected_status_and_only_admins_write(string endpoint, string caller, int expected)
    {
        var written = await app.PostJob(JobScenarios.AJob("Guarded Engineer"));
        if (endpoint.EndsWith("/reopen")) await app.JobAction(written.Id, "close");
        var versionBefore = await app.StreamVersion(written.Id);
        var eventsBefore = await app.EventCount();

        var result = await app.Send(expected, s =>
        {
            Request(s, endpoint, written.Id);
            if (caller == "visitor") s.WithBearerToken(app.VisitorToken);
            if (caller == "admin") s.WithBearerToken(app.AdminToken);
        });

        if (caller == "admin")
        {
            (await app.EventCount()).ShouldBe(eventsBefore + 1);
            if (endpoint != "POST /api/jobs") (await app.StreamVersion(written.Id)).ShouldBe(versionBefore + 1);
        }
        else
        {
            (await result.ReadProblem()).Status.ShouldBe(expected);
            (await app.EventCount()).ShouldBe(eventsBefore);
            (await app.StreamVersion(written.Id)).ShouldBe(versionBefore);
        }
    }

    public static TheoryData<string> BadTokens => ["garbage", "expired", "wrong-key", "wrong-issuer", "wrong-audience", "unsigned"];

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task an_invalid_bearer_token_is_401_on_every_write(string kind)
    {
        var written = await app.PostJob(JobScenarios.AJob("Forged Engineer"));
        var eventsBefore = await app.EventCount();
        var token = Token(kind);

        foreach (var endpoint in WriteEndpoints)
            await app.Send(401, s =>
            {
                Request(s, endpoint, written.Id);
                s.WithBearerToken(token);
            });

        (await app.EventCount()).ShouldBe(eventsBefore);
        (await app.StreamVersion(written.Id)).ShouldBe(1);
    }

    [Fact]
    public async Task a_hand_made_token_like_the_bad_ones_but_valid_is_accepted()
    {
        // Proves that the bad tokens above fail for the one reason each was broken by, not for how they are built.
        await app.Send(201, s =>
        {
            s.Post.Json(JobScenarios.AJob("Handmade Token Engineer")).ToUrl("/api/jobs");
            s.WithBearerToken(Token("valid"));
        });
    }

    [Fact]
    public async Task reads_need_no_token()
    {
        var written = await app.PostJob(JobScenarios.AJob("Public Engineer"));

        await app.Send(200, s => s.Get.Url("/api/jobs"));
        await app.Send(200, s => s.Get.Url($"/api/jobs/{written.Id}"));
        await app.Send(200, s => s.Get.Url("/api/jobs/map"));
        await app.Send(200, s => s.Get.Url("/api/jobs/facets"));
    }

    [Fact]
    public async Task an_unknown_job_is_401_before_404_without_a_token()
    {
        await app.Send(401, s => s.Delete.Url($"/api/jobs/{Guid.NewGuid()}"));
        await app.Send(403, s =>
        {
            s.Post.Url($"/api/jobs/{Guid.NewGuid()}/close");
            s.WithBearerToken(app.VisitorToken);
        });
    }

    private static void Request(Scenario s, string endpoint, Guid id)
    {
        var (method, path) = (endpoint.Split(' ')[0], endpoint.Split(' ')[1].Replace("{id}", id.ToString()));
        switch (method)
        {
            case "POST" when path == "/api/jobs": s.Post.Json(JobScenarios.AJob("Authorized Engineer")).ToUrl(path); break;
            case "POST": s.Post.Url(path); break;
            case "PUT": s.Put.Json(JobScenarios.AJob("Authorized Edit")).ToUrl(path); break;
            case "DELETE": s.Delete.Url(path); break;
            default: throw new ArgumentOutOfRangeException(nameof(endpoint), endpoint, null);
        }
    }

    private static string Token(string kind)
    {
        if (kind == "garbage") return "not.a.jwt";
        var key = new SymmetricSecurityKey(Convert.FromBase64String(AppFixture.SigningKey));
        if (kind == "wrong-key") key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(new string('k', 64)));
        var now = DateTime.UtcNow;
        var (notBefore, expires) = kind == "expired" ? (now.AddHours(-2), now.AddHours(-1)) : (now, now.AddHours(1));
        var token = new JwtSecurityToken(
            kind == "wrong-issuer" ? "someone-else" : "zumodra",
            kind == "wrong-audience" ? "someone-else" : "zumodra",
            [new Claim(JwtRegisteredClaimNames.Sub, "admin"), new Claim("role", "admin")],
            notBefore,
            expires,
            kind == "unsigned" ? null : new SigningCredentials(key, SecurityAlgorithms.HmacSha256));
        return new JwtSecurityTokenHandler().WriteToken(token);
    }
}
