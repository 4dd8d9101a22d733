using System.Globalization;

namespace Zumodra.Web.Browsing;

/// <summary>
/// How values read on cards. wwwroot/js/fields.js formats live items the same way, so a card rendered by the
/// server and one inserted live look identical.
/// </summary>
public static class Display
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    public static string Date(DateTimeOffset value) => value.UtcDateTime.ToString("d MMM yyyy", English);

    /// <summary>"just now", "5 minutes ago", "yesterday", "3 days ago", "2 months ago": how long before <paramref name="now"/>.</summary>
    public static string Ago(DateTimeOffset value, DateTimeOffset now)
    {
        var seconds = (long)Math.Floor((now - value).TotalSeconds);
        if (seconds < 60) return "just now";
        if (seconds < 3600) return Unit(seconds / 60, "minute");
        if (seconds < 86_400) return Unit(seconds / 3600, "hour");
        var days = seconds / 86_400;
        if (days == 1) return "yesterday";
        if (days < 30) return Unit(days, "day");
        return days < 365 ? Unit(days / 30, "month") : Unit(days / 365, "year");

        static string Unit(long count, string unit) => $"{count} {unit}{(count == 1 ? "" : "s")} ago";
    }

    public static string IsoDate(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>"€60,000 – €75,000", "from $40,000", "up to £30,500": whole amounts, one format everywhere; empty when neither bound is known.</summary>
    public static string MoneyRange(decimal? min, decimal? max, string? currency) => (min, max) switch
    {
        ({ } low, { } high) when low == high => Money(low, currency),
        ({ } low, { } high) => $"{Money(low, currency)} – {Money(high, currency)}",
        ({ } low, null) => $"from {Money(low, currency)}",
        (null, { } high) => $"up to {Money(high, currency)}",
        _ => "",
    };

    public static string Count(long count, string singular, string plural) =>
        $"{count.ToString("N0", English)} {(count == 1 ? singular : plural)}";

    /// <summary>An address from an item that is safe to link to: http(s) only, never <c>javascript:</c> or <c>data:</c>.</summary>
    public static string? SafeUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri.AbsoluteUri
            : null;

    /// <summary>A <c>mailto:</c> link for an email address the API accepted; null without one.</summary>
    public static string? MailTo(string? email) => string.IsNullOrWhiteSpace(email) ? null : $"mailto:{Uri.EscapeDataString(email.Trim()).Replace("%40", "@", StringComparison.Ordinal)}";

    /// <summary>The first letter of a name, for the placeholder logo; "?" without a name.</summary>
    public static string Initial(string? name)
    {
        if (string.IsNullOrEmpty(name)) return "?";
        System.Text.Rune.DecodeFromUtf16(name, out var first, out _);
        return first.ToString();
    }

    private static string Money(decimal amount, string? currency)
    {
        var number = amount.ToString("N0", English);
        return currency switch
        {
            "EUR" => "€" + number,
            "USD" => "$" + number,
            "GBP" => "£" + number,
            null or "" => number,
            _ => $"{number} {currency}",
        };
    }
}
