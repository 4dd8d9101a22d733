using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Zumodra.BuildingBlocks;

namespace Zumodra.Host.Infrastructure;

public sealed class AuthOptions
{
    public const string Section = "Zumodra:Auth";

    /// <summary>Base64 HMAC-SHA256 key (at least 32 bytes). Absent: a key generated once and kept in <see cref="KeyFile"/>.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Where the generated development key lives: outside the repository, in the user's config folder.</summary>
    public string KeyFile { get; set; } = Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData, Environment.SpecialFolderOption.Create), "zumodra", "signing-key");

    public string Issuer { get; set; } = "zumodra";
    public string Audience { get; set; } = "zumodra";
}

/// <summary>Holds the signing key and issues admin bearer tokens (for the <c>admin-token</c> command and tests).</summary>
public sealed class AdminTokens(IOptions<AuthOptions> options, TimeProvider time)
{
    private readonly Lazy<SymmetricSecurityKey> _key = new(() => LoadOrCreateKey(options.Value));

    public SymmetricSecurityKey Key => _key.Value;

    public string Issue(string subject = "admin", string role = Roles.Admin, TimeSpan? lifetime = null)
    {
        var now = time.GetUtcNow();
        var token = new JwtSecurityToken(
            options.Value.Issuer,
            options.Value.Audience,
            [new Claim(JwtRegisteredClaimNames.Sub, subject), new Claim("role", role)],
            now.UtcDateTime,
            now.Add(lifetime ?? TimeSpan.FromHours(1)).UtcDateTime,
            new SigningCredentials(Key, SecurityAlgorithms.HmacSha256));
        return new JwtSecurityTokenHandler().WriteToken(token);
    }

    private static SymmetricSecurityKey LoadOrCreateKey(AuthOptions options)
    {
        var encoded = options.SigningKey;
        if (string.IsNullOrWhiteSpace(encoded))
        {
            if (!File.Exists(options.KeyFile))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(options.KeyFile)!);
                File.WriteAllText(options.KeyFile, Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)));
                if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(options.KeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            encoded = File.ReadAllText(options.KeyFile).Trim();
        }

        var bytes = Convert.FromBase64String(encoded);
        if (bytes.Length < 32) throw new InvalidOperationException($"{AuthOptions.Section}:SigningKey must be at least 32 bytes (base64).");
        return new SymmetricSecurityKey(bytes);
    }
}

internal static class AdminAuthentication
{
    public static WebApplicationBuilder AddAdminAuthentication(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<AuthOptions>(builder.Configuration.GetSection(AuthOptions.Section));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<AdminTokens>();
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<AdminTokens, IOptions<AuthOptions>>((jwt, tokens, auth) =>
            {
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = auth.Value.Issuer,
                    ValidAudience = auth.Value.Audience,
                    IssuerSigningKey = tokens.Key,
                    RoleClaimType = "role",
                    NameClaimType = JwtRegisteredClaimNames.Sub,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
            });
        builder.Services.AddAuthorization();
        return builder;
    }
}
