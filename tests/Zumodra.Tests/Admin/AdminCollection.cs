using Microsoft.Extensions.DependencyInjection;
using Zumodra.Admin.Security;
using Zumodra.Tests.Infrastructure;

namespace Zumodra.Tests.Admin;

public sealed class AdminApp() : AppFixture("admin")
{
    public const string User = "ops";
    public const string Password = "correct horse battery staple";

    /// <summary>The admin credential of the login form (the repository configures none).</summary>
    protected override void Configure(IServiceCollection services) =>
        services.Configure<AdminOptions>(options =>
        {
            options.User = User;
            options.Password = Password;
        });
}

[CollectionDefinition(Name)]
public sealed class AdminCollection : ICollectionFixture<AdminApp>
{
    public const string Name = "admin";
}
