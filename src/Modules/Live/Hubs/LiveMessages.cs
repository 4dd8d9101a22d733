using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Zumodra.Live.Contracts;
using Zumodra.Live.Feed;

namespace Zumodra.Live.Hubs;

/// <summary>What clients receive with <c>{item}_created</c> and <c>{item}_updated</c>.</summary>
internal sealed record ItemPush(string Channel, long Sequence, DateTimeOffset Timestamp, JsonElement Item);

/// <summary>What clients receive with <c>{item}_deleted</c>: the id of the item to remove.</summary>
internal sealed record DeletionPush(string Channel, long Sequence, DateTimeOffset Timestamp, Guid Id);

/// <summary>Sent instead of a catch-up that would be too long: the client should reload the page.</summary>
internal sealed record ReloadRequired(string Channel, long AfterSequence, string Reason);

/// <summary>The <c>error</c> push: a problem with something the client asked for (the connection stays open).</summary>
/// <param name="Field">The filter or argument at fault, when one is.</param>
/// <param name="RetryAfter">For <c>rate_limited</c>: seconds until the budget allows the request again.</param>
internal sealed record LiveError(string Code, string Message, string? Field = null, int? RetryAfter = null);

/// <summary>The hub methods and payloads, serialized once per change and protocol however many clients receive them.</summary>
internal static class LiveMessages
{
    public const string ReloadRequiredMethod = "reload_required";
    public const string ErrorMethod = "error";

    public static SerializedHubMessage Visible(LiveChange change, bool created) => Serialized(
        $"{change.ItemName}_{(created ? "created" : "updated")}",
        new ItemPush(change.Channel, change.Id, change.Timestamp, change.Item!.Value));

    public static SerializedHubMessage Deleted(LiveChange change) => Serialized(
        $"{change.ItemName}_deleted", new DeletionPush(change.Channel, change.Id, change.Timestamp, change.ItemId));

    public static SerializedHubMessage Serialized(string method, object payload) => new(new InvocationMessage(method, [payload]));

    /// <summary>
    /// What a subscriber sees of a change, given whether the item matches its filters: a created item it cannot see is
    /// not sent; an updated one that stopped matching is sent as deleted, so a filtered page never keeps it.
    /// </summary>
    public static BrowseChange? AsSeenBy(LiveChange change, bool matches) => change.Change switch
    {
        BrowseChange.Deleted => BrowseChange.Deleted,
        BrowseChange.Created => matches ? BrowseChange.Created : null,
        _ => matches ? BrowseChange.Updated : BrowseChange.Deleted,
    };
}
