using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Zumodra.BuildingBlocks;

namespace Zumodra.Web.Exports;

/// <summary>One column of an export: its heading, an item's value in it as text, and its share of a PDF page's width.</summary>
/// <param name="InPdf">False for what only a machine reads (an id): the CSV has it, the PDF's narrow page not.</param>
public sealed record ExportColumn<T>(string Heading, Func<T, string?> Value, double Width = 1, bool InPdf = true);

/// <summary>Values as every export writes them: numbers and days as machines read them, booleans as people do.</summary>
public static class ExportText
{
    public static string? Number(decimal? value) => value?.ToString(CultureInfo.InvariantCulture);

    public static string? Day(DateTimeOffset? value) => value?.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string YesNo(bool value) => value ? "Yes" : "No";
}

public enum ExportFormat { Csv, Pdf }

/// <summary>What an export says about itself: the list it holds, its filters in words, how many match, and when it was made.</summary>
/// <param name="Words">The filters in force in words (<c>Location: Berlin</c>); the file's name is made of their values.</param>
public sealed record ExportHeading(string Channel, string Title, IReadOnlyList<string> Words, long Total, DateTimeOffset GeneratedAt)
{
    /// <summary>How many rows the file holds: every match, up to <see cref="BrowseExport.MaxRows"/>.</summary>
    public int Rows => (int)Math.Min(Total, BrowseExport.MaxRows);

    public bool Truncated => Total > BrowseExport.MaxRows;

    public string FiltersInWords => Words.Count == 0 ? "No filters" : string.Join(", ", Words);

    public string Generated => GeneratedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>"100,000 of 123,456 jobs: an export holds at most 100,000 rows; narrow the filters for the rest."</summary>
    public string Count => Truncated
        ? $"{Rows.ToString("N0", CultureInfo.InvariantCulture)} of {Total.ToString("N0", CultureInfo.InvariantCulture)} {Channel}: an export holds at most {BrowseExport.MaxRows.ToString("N0", CultureInfo.InvariantCulture)} rows; narrow the filters for the rest."
        : $"{Rows.ToString("N0", CultureInfo.InvariantCulture)} {Channel}";
}

/// <summary>
/// <c>GET /api/{channel}/export.csv|pdf?&lt;the list's filters&gt;</c>: every item of a filtered list, in the list's sort, streamed
/// from the database in the order read (Marten's <c>ToAsyncEnumerable</c>: one row at a time, never the whole list in memory),
/// at most <see cref="MaxRows"/> of them. A module says which columns it exports; the writing, the file's name and the
/// rate limit (<c>Zumodra:RateLimiting:ExportsPerMinute</c>, per IP, on <see cref="BrowseExportPath"/>) are the same for all.
/// </summary>
public static class BrowseExport
{
    public const int MaxRows = 100_000;

    internal static IResult Result<T>(ExportFormat format, ExportHeading heading, IReadOnlyList<ExportColumn<T>> columns, IQueryable<T> ordered)
        where T : notnull =>
        new ExportResult<T>(format, heading, columns, ordered);

    /// <summary>
    /// "zumodra-jobs-berlin-remote-2026-12-08.csv": the channel, the filters' values and the day, as ASCII for
    /// <c>filename</c> and as they are (UTF-8) for <c>filename*</c>.
    /// </summary>
    internal static string ContentDisposition(ExportHeading heading, string extension)
    {
        var words = heading.Words.Select(word => word[(word.LastIndexOf(": ", StringComparison.Ordinal) + 1)..]);
        var text = string.Join(' ', ["zumodra", heading.Channel, .. words]);
        var day = heading.GeneratedAt.ToString("'-'yyyy-MM-dd", CultureInfo.InvariantCulture) + extension;
        var header = new ContentDispositionHeaderValue("attachment") { FileName = Slug(text, ascii: true) + day };
        var name = Slug(text, ascii: false) + day;
        if (name != header.FileName.Value) header.FileNameStar = name;
        return header.ToString();
    }

    private const int MaxNameLength = 80;

    /// <summary>
    /// Letters and digits in lower case, every other run as one '-'; in <paramref name="ascii"/>, letters lose their accents
    /// (München: munchen) and whatever is not ASCII then is left out.
    /// </summary>
    private static string Slug(string text, bool ascii)
    {
        var slug = new StringBuilder();
        foreach (var c in ascii ? text.Normalize(NormalizationForm.FormD) : text)
            if (char.IsLetterOrDigit(c) && (!ascii || char.IsAscii(c))) slug.Append(char.ToLowerInvariant(c));
            else if (ascii && char.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            else if (slug.Length > 0 && slug[^1] != '-') slug.Append('-');
        return slug.ToString(0, Math.Min(slug.Length, MaxNameLength)).Trim('-');
    }

    private sealed class ExportResult<T>(ExportFormat format, ExportHeading heading, IReadOnlyList<ExportColumn<T>> columns, IQueryable<T> ordered) : IResult
        where T : notnull
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            var response = context.Response;
            response.ContentType = format == ExportFormat.Csv ? "text/csv; charset=utf-8" : "application/pdf";
            response.Headers.ContentDisposition = ContentDisposition(heading, format == ExportFormat.Csv ? ".csv" : ".pdf");
            // Exports are made on demand from current data, never kept by a cache.
            response.Headers.CacheControl = "no-store";
            var rows = Marten.QueryableExtensions.ToAsyncEnumerable(ordered.Take(heading.Rows), context.RequestAborted);
            if (format == ExportFormat.Csv) await CsvExport.WriteAsync(response.Body, heading, columns, rows, context.RequestAborted);
            else await PdfExport.WriteAsync(response.Body, heading, columns, rows, context.RequestAborted);
        }
    }
}
