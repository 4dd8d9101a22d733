using System.Net.Sockets;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace Zumodra.Host.Infrastructure;

/// <summary>
/// While PostgreSQL cannot be reached (refused or dropped connections, a server shutting down or full, the pool timing
/// out), a request answers 503 with <c>Retry-After</c> and a ProblemDetails instead of a 500: the client did nothing
/// wrong and should try again. Nothing was written, since every write commits in one transaction. Other database
/// errors stay 500s: they are bugs, and must not hide behind an outage.
/// </summary>
internal sealed class DatabaseOutages(ILogger<DatabaseOutages> logger) : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsUnreachable(exception)) return false;
        logger.LogWarning("{Method} {Path} answered 503: PostgreSQL is unreachable ({Reason})",
            context.Request.Method, context.Request.Path, exception.GetBaseException().Message);
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString();
        context.Response.Headers.CacheControl = "no-store";
        // Written as problem JSON whatever the request accepts (a page asks for HTML, which no problem writer offers).
        await TypedResults.Problem($"The database cannot be reached. Try again in {RetryAfterSeconds} seconds.",
            statusCode: StatusCodes.Status503ServiceUnavailable, title: "The service is briefly unavailable").ExecuteAsync(context);
        return true;
    }

    /// <summary>Whether <paramref name="exception"/>, or any exception it wraps (Marten and Wolverine wrap Npgsql's), says the database cannot be reached.</summary>
    public static bool IsUnreachable(Exception exception) => exception switch
    {
        PostgresException postgres => Unavailable(postgres.SqlState),
        // Npgsql's own (not the server's) errors are transient exactly when the connection failed: an I/O or socket
        // error, or a timeout (opening, or waiting for a pooled connection).
        NpgsqlException npgsql when npgsql.IsTransient => true,
        SocketException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsUnreachable),
        _ => exception.InnerException is { } inner && IsUnreachable(inner),
    };

    private static bool Unavailable(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal) // connection exceptions
        || sqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
            or PostgresErrorCodes.TooManyConnections;
}
