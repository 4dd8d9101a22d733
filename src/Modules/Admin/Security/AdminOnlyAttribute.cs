using Microsoft.AspNetCore.Authorization;
using Zumodra.BuildingBlocks;

namespace Zumodra.Admin.Security;

/// <summary>
/// An admin's bearer token or admin cookie (see <see cref="AdminSchemes.Select"/>): the Admin module's endpoints and
/// pages say so themselves, so the application's default scheme stays the host's bearer for every other module.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
internal sealed class AdminOnlyAttribute : AuthorizeAttribute
{
    public AdminOnlyAttribute()
    {
        Roles = BuildingBlocks.Roles.Admin;
        AuthenticationSchemes = AdminSchemes.BearerOrCookie;
    }
}
