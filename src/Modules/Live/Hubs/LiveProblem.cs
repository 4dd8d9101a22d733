using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;

namespace Zumodra.Live.Hubs;

/// <summary>
/// A problem with what a client asked of the hub. A failed invocation carries it as its message (<c>code: message</c>,
/// see <see cref="LiveProblemFilter"/>); the <c>error</c> push carries it as a <see cref="LiveError"/>, naming the field
/// and when to retry where that applies.
/// </summary>
internal sealed class LiveProblem(string code, string message, string? field = null, int? retryAfterSeconds = null)
    : Exception($"{code}: {message}")
{
    public LiveError ToError() => new(code, message, field, retryAfterSeconds);

    public static LiveProblem InvalidFilters(string field, string message) => new("invalid_filters", message, field);

    public static LiveProblem RateLimited(string message, TimeSpan retryAfter)
    {
        var seconds = (int)Math.Ceiling(retryAfter.TotalSeconds);
        return new("rate_limited", $"{message}; retry after {seconds} s.", retryAfterSeconds: seconds);
    }
}

/// <summary>
/// Answers a <see cref="LiveProblem"/> as a plain <see cref="HubException"/>, the one exception whose message SignalR
/// passes to the client (it would prefix another type's name), and logs what no client caused. SignalR's own log of
/// failed invocations is off (<see cref="DispatcherCategory"/>): it logs every refusal as an error, with its stack, so a
/// client could flood the log with refused calls.
/// </summary>
internal sealed class LiveProblemFilter(ILogger<LiveProblemFilter> logger) : IHubFilter
{
    public const string DispatcherCategory = "Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher";

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocation);
        }
        catch (LiveProblem problem)
        {
            throw new HubException(problem.Message);
        }
        catch (Exception e) when (e is not (HubException or OperationCanceledException))
        {
            logger.LogError(e, "Live hub method {Method} failed", invocation.HubMethodName);
            throw;
        }
    }
}
