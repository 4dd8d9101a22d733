using JasperFx;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;

namespace Zumodra.BuildingBlocks;

public static class RetryInPlaceExtensions
{
    /// <summary>
    /// For a handler of another module's messages on a sequential queue: a concurrent admin write (a version that moved)
    /// is handled again at once, and any other failure (the database briefly unreachable, say) is retried in place with
    /// growing pauses, so the messages behind it wait and the order holds. Only a failure that outlasts the pauses is
    /// dead-lettered; a scheduled retry would let later messages overtake it.
    /// </summary>
    public static void RetryInPlace(this HandlerChain chain)
    {
        chain.OnException<ConcurrencyException>()
            .RetryWithCooldown(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(500));
        chain.OnAnyException()
            .RetryWithCooldown(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15));
    }
}
