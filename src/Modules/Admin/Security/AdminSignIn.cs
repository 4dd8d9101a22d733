using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Zumodra.BuildingBlocks;

namespace Zumodra.Admin.Security;

/// <summary>
/// <c>Zumodra:Admin</c>: an optional admin credential for the <c>/admin</c> login form. There is no default: without
/// both values only a pasted admin token signs in.
/// </summary>
public sealed class AdminOptions
{
    public const string Section = "Zumodra:Admin";

    public string? User { get; set; }

    public string? Password { get; set; }

    /// <summary>How long a sign-in lasts (never longer than a pasted token is valid).</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Failed sign-ins allowed per client address within <see cref="FailureWindow"/>.</summary>
    public int MaxFailures { get; set; } = 10;

    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(10);

    internal bool HasCredential => !string.IsNullOrEmpty(User) && !string.IsNullOrEmpty(Password);
}

/// <summary>The authentication schemes the Admin module adds next to the host's JWT bearer.</summary>
internal static class AdminSchemes
{
    /// <summary>The admin pages' session cookie (HttpOnly, SameSite=Strict).</summary>
    public const string Cookie = "ZumodraAdminCookie";

    /// <summary>Admin's own scheme (see <see cref="AdminOnlyAttribute"/>): bearer when a request carries an Authorization header, else the admin cookie where it applies.</summary>
    public const string BearerOrCookie = "ZumodraBearerOrCookie";

    public const string CookieName = "zumodra_admin";

    public const string LoginPath = "/admin/login";

    /// <summary>
    /// Bearer for anything with an <c>Authorization</c> header and for API calls without the cookie (so they keep
    /// answering 401/403); the cookie for the admin pages and for reading the admin API from them. Unsafe
    /// API methods never authenticate by cookie: the pages post their forms (with antiforgery tokens) instead.
    /// </summary>
    public static string Select(HttpContext context)
    {
        var request = context.Request;
        if (!string.IsNullOrEmpty(request.Headers.Authorization)) return JwtBearerDefaults.AuthenticationScheme;
        if (request.Path.StartsWithSegments("/admin")) return Cookie;
        if (request.Cookies.ContainsKey(CookieName) && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))) return Cookie;
        return JwtBearerDefaults.AuthenticationScheme;
    }
}

public enum SignInOutcome
{
    SignedIn,
    Invalid,
    NotAdmin,
    Throttled,
}

/// <summary>Signs an admin in to the pages, with a pasted admin token or the configured credential.</summary>
public sealed class AdminSignIn(
    IOptionsMonitor<JwtBearerOptions> bearer,
    IOptions<AdminOptions> options,
    LoginThrottle throttle,
    TimeProvider time)
{
    public bool CredentialConfigured => options.Value.HasCredential;

    public async Task<SignInOutcome> WithTokenAsync(HttpContext context, string token)
    {
        if (!throttle.Allows(context)) return SignInOutcome.Throttled;
        var parameters = bearer.Get(JwtBearerDefaults.AuthenticationScheme).TokenValidationParameters;
        var result = await new JsonWebTokenHandler { MapInboundClaims = false }.ValidateTokenAsync(token.Trim(), parameters);
        if (!result.IsValid)
        {
            throttle.Failed(context);
            return SignInOutcome.Invalid;
        }
        var subject = result.ClaimsIdentity.FindFirst(JwtRegisteredClaimNames.Sub)?.Value;
        if (subject is null || !result.ClaimsIdentity.HasClaim("role", Roles.Admin)) return SignInOutcome.NotAdmin;
        var expires = result.SecurityToken.ValidTo == DateTime.MinValue ? (DateTimeOffset?)null : new DateTimeOffset(result.SecurityToken.ValidTo, TimeSpan.Zero);
        await SignInAsync(context, subject, "token", expires);
        return SignInOutcome.SignedIn;
    }

    public async Task<SignInOutcome> WithCredentialAsync(HttpContext context, string user, string password)
    {
        if (!throttle.Allows(context)) return SignInOutcome.Throttled;
        var configured = options.Value;
        // Compared in constant time, user and password both, so that neither leaks through timing.
        if (!configured.HasCredential || !(Same(user, configured.User!) & Same(password, configured.Password!)))
        {
            throttle.Failed(context);
            return SignInOutcome.Invalid;
        }
        await SignInAsync(context, configured.User!, "password", null);
        return SignInOutcome.SignedIn;
    }

    private async Task SignInAsync(HttpContext context, string subject, string method, DateTimeOffset? tokenExpires)
    {
        var identity = new ClaimsIdentity(
            [new Claim(JwtRegisteredClaimNames.Sub, subject), new Claim("role", Roles.Admin), new Claim("amr", method)],
            AdminSchemes.Cookie, JwtRegisteredClaimNames.Sub, "role");
        var expires = time.GetUtcNow().Add(options.Value.SessionLifetime);
        if (tokenExpires < expires) expires = tokenExpires.Value;
        await context.SignInAsync(AdminSchemes.Cookie, new ClaimsPrincipal(identity),
            new AuthenticationProperties { ExpiresUtc = expires, IsPersistent = false, AllowRefresh = false });
    }

    private static bool Same(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));

    public static Task SignOutAsync(HttpContext context) => context.SignOutAsync(AdminSchemes.Cookie);
}

/// <summary>Slows down guessing: after too many failed sign-ins from one address, it must wait.</summary>
public sealed class LoginThrottle(IOptions<AdminOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _failures = new();

    public bool Allows(HttpContext context)
    {
        var queue = _failures.GetOrAdd(Key(context), _ => new Queue<DateTimeOffset>());
        lock (queue)
        {
            Expire(queue);
            return queue.Count < options.Value.MaxFailures;
        }
    }

    public void Failed(HttpContext context)
    {
        var queue = _failures.GetOrAdd(Key(context), _ => new Queue<DateTimeOffset>());
        lock (queue)
        {
            Expire(queue);
            queue.Enqueue(time.GetUtcNow());
        }
    }

    private void Expire(Queue<DateTimeOffset> queue)
    {
        var horizon = time.GetUtcNow() - options.Value.FailureWindow;
        while (queue.Count > 0 && queue.Peek() < horizon) queue.Dequeue();
    }

    private static string Key(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}

internal static class AdminCookie
{
    /// <summary>The admin pages' cookie: HttpOnly, SameSite=Strict, Secure over HTTPS; API calls get 401/403 instead of a redirect.</summary>
    public static void Configure(CookieAuthenticationOptions cookie)
    {
        cookie.Cookie.Name = AdminSchemes.CookieName;
        cookie.Cookie.HttpOnly = true;
        cookie.Cookie.SameSite = SameSiteMode.Strict;
        cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        cookie.Cookie.Path = "/";
        cookie.LoginPath = AdminSchemes.LoginPath;
        cookie.LogoutPath = "/admin/logout";
        cookie.AccessDeniedPath = AdminSchemes.LoginPath;
        cookie.ReturnUrlParameter = "returnUrl";
        cookie.SlidingExpiration = false;
        cookie.Events.OnRedirectToLogin = context => Answer(context, StatusCodes.Status401Unauthorized);
        cookie.Events.OnRedirectToAccessDenied = context => Answer(context, StatusCodes.Status403Forbidden);
    }

    private static Task Answer(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
