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

    public static string IsoDate(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>"€60k – €75k", "from $40k", "up to £30k"; empty when neither bound is known.</summary>
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
        var number = amount >= 1000 && amount % 100 == 0
            ? (amount / 1000).ToString("0.#", CultureInfo.InvariantCulture) + "k"
            : amount.ToString("N0", English);
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
