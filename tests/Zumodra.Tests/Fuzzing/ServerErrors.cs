using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace Zumodra.Tests.Fuzzing;

/// <summary>
/// Captures the exceptions the application logs, so a 5xx is reported with its cause (the innermost exception)
/// instead of the generic ProblemDetails a client sees. Cases run one at a time, so what was logged during a case is its own.
/// </summary>
public sealed partial class ServerErrors : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _logged = new();

    /// <summary>Everything logged since the last call, as causes ("PostgresException: 22021: ...").</summary>
    public List<string> Take()
    {
        var taken = new List<string>();
        while (_logged.TryDequeue(out var cause)) taken.Add(cause);
        return taken;
    }

    public ILogger CreateLogger(string categoryName) => new Capture(this);

    public void Dispose()
    {
    }

    private static string Cause(Exception exception)
    {
        var inner = exception;
        while (inner.InnerException is not null) inner = inner.InnerException;
        var message = inner.Message.Split('\n')[0];
        message = Guids().Replace(message, "<guid>");
        message = message.Length > 160 ? message[..160] + "…" : message;
        return $"{inner.GetType().Name}: {message}";
    }

    [GeneratedRegex("[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}")]
    private static partial Regex Guids();

    private sealed class Capture(ServerErrors errors) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Error) errors._logged.Enqueue(exception is null ? formatter(state, exception) : Cause(exception));
        }
    }
}
