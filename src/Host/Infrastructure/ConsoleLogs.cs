using Microsoft.Extensions.Logging.Console;

namespace Zumodra.Host.Infrastructure;

/// <summary>
/// Console logs for people by default (appsettings.json): the simple formatter, one line per entry, coloured on a
/// terminal, with the time of day. For machines, <c>Logging:Console:FormatterName=json</c>: one JSON object per line,
/// with the date and offset in its timestamp and the scopes (request path, trace id) a log store indexes.
/// A <c>TimestampFormat</c> set in configuration wins over these.
/// </summary>
internal static class ConsoleLogs
{
    public static WebApplicationBuilder AddConsoleLogs(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<SimpleConsoleFormatterOptions>(options => options.TimestampFormat ??= "HH:mm:ss ");
        builder.Services.Configure<JsonConsoleFormatterOptions>(options =>
        {
            options.TimestampFormat ??= "yyyy-MM-dd'T'HH:mm:ss.fffzzz";
            options.IncludeScopes = true;
        });
        return builder;
    }
}
