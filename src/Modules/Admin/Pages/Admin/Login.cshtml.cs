using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Zumodra.Admin.Security;

namespace Zumodra.Admin.Pages.Admin;

/// <summary><c>/admin/login</c>: sign in with an admin token (the <c>admin-token</c> command's output) or the configured credential.</summary>
[AllowAnonymous, AdminPageHeaders]
public sealed class AdminLoginModel(AdminSignIn signIn) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public bool CredentialConfigured => signIn.CredentialConfigured;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostTokenAsync(string? token) =>
        Answer(string.IsNullOrWhiteSpace(token) ? SignInOutcome.Invalid : await signIn.WithTokenAsync(HttpContext, token));

    public async Task<IActionResult> OnPostCredentialAsync(string? user, string? password) =>
        Answer(string.IsNullOrEmpty(user) || string.IsNullOrEmpty(password)
            ? SignInOutcome.Invalid
            : await signIn.WithCredentialAsync(HttpContext, user, password));

    private IActionResult Answer(SignInOutcome outcome)
    {
        if (outcome == SignInOutcome.SignedIn)
            return LocalRedirect(ReturnUrl is not null && Url.IsLocalUrl(ReturnUrl) && ReturnUrl.StartsWith("/admin", StringComparison.Ordinal) ? ReturnUrl : "/admin");
        Error = outcome switch
        {
            SignInOutcome.NotAdmin => "That token is valid but does not carry the admin role.",
            SignInOutcome.Throttled => "Too many failed attempts from your address. Wait a few minutes and try again.",
            _ => "That did not sign you in. Check the token (or the user name and password) and try again.",
        };
        Response.StatusCode = outcome == SignInOutcome.Throttled ? StatusCodes.Status429TooManyRequests : StatusCodes.Status401Unauthorized;
        return Page();
    }
}
