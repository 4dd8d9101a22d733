using System.Globalization;
using System.Text.Json;
using CsCheck;

namespace Zumodra.Tests.Fuzzing;

/// <summary>
/// One generated hub invocation (<c>Subscribe</c>, <c>Unsubscribe</c> or an unknown method, with random arguments), or
/// one query-string join; with what a correct server must refuse, when that can be told without asking the server.
/// </summary>
internal sealed record HubCase(int Index, string Method, IReadOnlyList<JsonText> Arguments, string? Query, string? Channel, string? MustRefuse)
{
    public static readonly string[] Channels = ["jobs", "companies", "projects"];

    private static readonly string[] FilterNames =
        ["search", "location", "category", "type", "remote", "companyId", "industry", "skill", "budgetMin", "budgetMax", "near", "radiusKm", "sort", "page"];

    /// <summary>Paging and ordering parameters of the browse API, which are no filters of a live subscription.</summary>
    private static readonly string[] NotFilters = ["page", "pageSize", "sort"];

    /// <summary>Filters to ask the browse API about: the same names and values as query parameters (null when they cannot be).</summary>
    public IReadOnlyList<(string Name, string Value)>? Filters { get; init; }

    /// <summary>The query the browse API gets for <see cref="Filters"/> (paging and ordering left out: the hub has none).</summary>
    public static string ApiQuery(IEnumerable<(string Name, string Value)> filters) =>
        string.Join('&', filters.Where(p => !NotFilters.Contains(p.Name)).Select(p => $"{Hostile.Escape(p.Name)}={Hostile.Escape(p.Value)}"));

    /// <summary>This join with only the given filters (the channel and 'after' kept), for shrinking.</summary>
    public HubCase WithFilters(IReadOnlyList<(string Name, string Value)> filters)
    {
        var kept = Query!.TrimStart('?').Split('&').Where(p => p.StartsWith("channel=", StringComparison.Ordinal) || p.StartsWith("after=", StringComparison.Ordinal));
        var query = string.Join('&', kept.Concat(filters.Select(p => $"{Hostile.Escape(p.Name)}={Hostile.Escape(p.Value)}")));
        return this with { Query = query.Length == 0 ? "" : "?" + query, Filters = filters };
    }

    public static HubCase Invocation(int index)
    {
        var random = new Draw(new PCG((uint)index, FuzzSettings.Seed ^ 0x4855_4221));
        var kind = random.Int(100);
        if (kind < 10)
        {
            var arguments = Enumerable.Range(0, random.Int(4)).Select(_ => random.From(Hostile.AnyJson(2))).ToList();
            // Hub method names match case-insensitively, so "subscribe" is not unknown.
            var name = random.Pick("SubscribeAll", "OnConnectedAsync", "Dispose", "Unsubscribe ", "", Hostile.Trim(random.From(Hostile.Text), 60));
            if (name.Trim().Equals("subscribe", StringComparison.OrdinalIgnoreCase) || name.Equals("unsubscribe", StringComparison.OrdinalIgnoreCase)) name = "Nope";
            return new HubCase(index, name, arguments, null, null, "an unknown hub method");
        }
        var (channel, channelText, badChannel) = ChannelArgument(random);
        if (kind < 25)
            return new HubCase(index, "Unsubscribe", Arity(random, [channel], out var wrong), null, channelText, wrong ?? badChannel);

        var (filters, pairs, badFilters) = FiltersArgument(random);
        var (after, badAfter) = AfterArgument(random);
        var all = Arity(random, [channel, filters, after], out var wrongArity);
        return new HubCase(index, "Subscribe", all, null, channelText, wrongArity ?? badChannel ?? badAfter ?? badFilters)
        {
            Filters = wrongArity is null && badChannel is null && badAfter is null ? pairs : null,
        };
    }

    public static HubCase Join(int index)
    {
        var random = new Draw(new PCG((uint)index, FuzzSettings.Seed ^ 0x4a4f_494e));
        var query = new List<(string Name, string Value)>();
        string? channel = null;
        string? mustRefuse = null;
        if (random.Chance(90))
        {
            channel = random.Chance(80) ? random.Pick(Channels) : Hostile.Trim(random.From(Hostile.Text), 100);
            query.Add(("channel", channel));
            if (!Channels.Contains(channel)) mustRefuse = "an unknown channel";
        }
        if (random.Chance(30))
        {
            var after = random.Chance(50) ? random.Pick("0", "1", "9223372036854775807") : Hostile.Trim(random.From(Hostile.Text), 100);
            query.Add(("after", after));
            if (channel is not null && !long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out _)) mustRefuse ??= "an 'after' that is not a sequence";
        }
        var filters = new List<(string, string)>();
        for (var i = random.Int(5); i > 0; i--)
        {
            var name = random.Chance(85) ? random.Pick(FilterNames) : Hostile.Trim(random.From(Hostile.Text), 30);
            for (var r = random.Chance(15) ? 2 : 1; r > 0; r--) filters.Add((name, Hostile.Trim(random.From(Hostile.Text), 500)));
        }
        query.AddRange(filters);
        var text = query.Count == 0 ? "" : "?" + string.Join('&', query.Select(p => $"{Hostile.Escape(p.Name)}={Hostile.Escape(p.Value)}"));
        return new HubCase(index, "join", [], text, channel, mustRefuse)
        {
            Filters = mustRefuse is null && channel is not null ? filters : null,
        };
    }

    private static (JsonText Argument, string? Text, string? Bad) ChannelArgument(Draw random)
    {
        var roll = random.Int(100);
        if (roll < 70)
        {
            var name = random.Pick(Channels);
            return (Hostile.Str(name), name, null);
        }
        if (roll < 80)
        {
            var name = random.Pick("JOBS", "Jobs", " jobs", "jobs ", "job", "jobs\0", "companies,jobs", "*");
            return (Hostile.Str(name), name, "an unknown channel");
        }
        if (roll < 90)
        {
            var name = random.From(Hostile.Text);
            return (Hostile.Str(name), name, Channels.Contains(name) ? null : "an unknown channel");
        }
        return (random.From(Hostile.AnyJson(1)) is var other && other is JsonText.Str ? JsonText.Null : other, null, "a channel that is not a string");
    }

    private static (JsonText Argument, IReadOnlyList<(string, string)>? Pairs, string? Bad) FiltersArgument(Draw random)
    {
        var roll = random.Int(100);
        if (roll < 20) return (JsonText.Null, [], null);
        if (roll < 30)
        {
            var other = random.From(Hostile.AnyJson(2));
            return other is JsonText.Obj || other == JsonText.Null ? (other, null, null) : (other, null, "filters that are not an object");
        }
        var members = new List<(string, JsonText)>();
        var pairs = new List<(string, string)>();
        var askable = true;
        for (var i = 1 + random.Int(4); i > 0; i--)
        {
            var name = random.Chance(85) ? random.Pick(FilterNames) : Hostile.Trim(random.From(Hostile.Text), 30);
            if (members.Any(m => m.Item1 == name)) askable = false;
            switch (random.Int(100))
            {
                case < 60:
                    var text = Hostile.Trim(random.From(Hostile.Text), 3000);
                    members.Add((name, Hostile.Str(text)));
                    pairs.Add((name, text));
                    break;
                case < 80:
                    var texts = Enumerable.Range(0, 1 + random.Int(4)).Select(_ => Hostile.Trim(random.From(Hostile.Text), 300)).ToList();
                    members.Add((name, new JsonText.Arr([.. texts.Select(Hostile.Str)])));
                    pairs.AddRange(texts.Select(t => (name, t)));
                    break;
                case < 90:
                    var flag = random.Chance(50);
                    members.Add((name, JsonText.Bool(flag)));
                    pairs.Add((name, flag ? "true" : "false"));
                    break;
                default:
                    members.Add((name, random.From(Hostile.AnyJson(2))));
                    askable = false;
                    break;
            }
        }
        return (new JsonText.Obj(members), askable ? pairs : null, null);
    }

    private static (JsonText Argument, string? Bad) AfterArgument(Draw random) => random.Int(100) switch
    {
        < 40 => (JsonText.Null, null),
        < 60 => (new JsonText.Raw(random.Pick("0", "1", "9223372036854775807")), null),
        < 70 => (new JsonText.Raw(random.Pick("-1", "-9223372036854775808")), "a negative afterSequence"),
        < 80 => (new JsonText.Raw(random.Pick("1e309", "1.5", "9223372036854775808", "-0.5")), "an afterSequence that is not a whole number"),
        _ => (Hostile.Str(random.Pick("x", "abc", "", "true", "1 2")), "an afterSequence that is not a number"),
    };

    /// <summary>Usually the arguments as they are; sometimes one too few or one too many.</summary>
    private static List<JsonText> Arity(Draw random, List<JsonText> arguments, out string? wrong)
    {
        wrong = null;
        if (!random.Chance(8)) return arguments;
        wrong = "the wrong number of arguments";
        return random.Chance(50) ? arguments[..^1] : [.. arguments, random.From(Hostile.Scalar)];
    }

    /// <summary>The arguments as the SignalR client sends them; a value System.Text.Json cannot read (e.g. NaN) is sent as its text.</summary>
    public object?[] ToArguments() => [.. Arguments.Select(a =>
    {
        try
        {
            return (object?)JsonDocument.Parse(a.ToString()).RootElement.Clone();
        }
        catch (Exception unreadable) when (unreadable is JsonException or ArgumentException)
        {
            return a.ToString();
        }
    })];

    public override string ToString() => Query is not null
        ? $"connect /hubs/live{Hostile.Visible(Query, 400)}"
        : $"{Hostile.Visible(Method, 60)}({string.Join(", ", Arguments.Select(a => Hostile.Visible(a.ToString(), 200)))})";
}
