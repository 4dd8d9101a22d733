using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Zumodra.Live.Contracts;
using Zumodra.Live.Feed;

namespace Zumodra.Live.Hubs;

/// <summary>What clients receive with <c>{item}_created</c> and <c>{item}_updated</c>.</summary>
/// <param name="Key">The added subscription the push is for (<c>AddSubscription</c>); absent for the default one.</param>
internal sealed record ItemPush(string Channel, long Sequence, DateTimeOffset Timestamp, JsonElement Item,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Key = null);

/// <summary>What clients receive with <c>{item}_deleted</c>: the id of the item to remove.</summary>
internal sealed record DeletionPush(string Channel, long Sequence, DateTimeOffset Timestamp, Guid Id,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Key = null);

/// <summary>Sent instead of a catch-up that would be too long: the client should reload the page.</summary>
internal sealed record ReloadRequired(string Channel, long AfterSequence, string Reason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Key = null);

/// <summary>The <c>error</c> push: a problem with something the client asked for (the connection stays open).</summary>
/// <param name="Field">The filter or argument at fault, when one is.</param>
/// <param name="RetryAfter">For <c>rate_limited</c>: seconds until the budget allows the request again.</param>
/// <param name="Key">The added subscription it ended, when it ended one.</param>
internal sealed record LiveError(string Code, string Message, string? Field = null, int? RetryAfter = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Key = null);

/// <summary>The hub methods and payloads, serialized once per change and protocol however many clients receive them.</summary>
internal static class LiveMessages
{
    public const string ReloadRequiredMethod = "reload_required";
    public const string ErrorMethod = "error";

    public static SerializedHubMessage Visible(LiveChange change, bool created, int? key) => Serialized(
        $"{change.ItemName}_{(created ? "created" : "updated")}",
        new ItemPush(change.Channel, change.Id, change.Timestamp, change.Item!.Value, key));

    public static SerializedHubMessage Deleted(LiveChange change, int? key) => Serialized(
        $"{change.ItemName}_deleted", new DeletionPush(change.Channel, change.Id, change.Timestamp, change.ItemId, key));

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
