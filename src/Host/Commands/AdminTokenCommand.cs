using JasperFx.CommandLine;
using Zumodra.Host.Infrastructure;

namespace Zumodra.Host.Commands;

[Description("Prints a bearer token with role 'admin', valid for one hour, as the last line", Name = "admin-token")]
public sealed class AdminTokenCommand : JasperFxAsyncCommand<NetCoreInput>
{
    public override Task<bool> Execute(NetCoreInput input)
    {
        using var host = input.BuildHost();
        Console.WriteLine(host.Services.GetRequiredService<AdminTokens>().Issue());
        return Task.FromResult(true);
    }
}
