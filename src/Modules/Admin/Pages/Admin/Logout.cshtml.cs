using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Zumodra.Admin.Security;

namespace Zumodra.Admin.Pages.Admin;

/// <summary><c>POST /admin/logout</c> (with the form's antiforgery token): ends the admin session.</summary>
[AllowAnonymous, AdminPageHeaders]
public sealed class AdminLogoutModel : PageModel
{
    public IActionResult OnGet() => Redirect("/admin");

    public async Task<IActionResult> OnPostAsync()
    {
        await AdminSignIn.SignOutAsync(HttpContext);
        return Redirect("/admin/login");
    }
}
