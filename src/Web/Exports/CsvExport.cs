using CsvHelper;

namespace Zumodra.Web.Exports;

/// <summary>
/// An export as CSV (CsvHelper): RFC 4180, UTF-8 with a byte order mark so that spreadsheet apps read it as UTF-8, and a
/// text cell that starts with <c>= + - @</c> (or a tab or CR) escaped with a leading <c>'</c> so that no spreadsheet runs
/// it as a formula. Rows go out as they are read, through CsvHelper's 64 KiB buffer.
/// </summary>
internal static class CsvExport
{
    private static readonly CsvWriterOptions Options = new() { WriteByteOrderMark = true, Injection = CsvInjection.Escape };

    public static async Task WriteAsync<T>(Stream body, ExportHeading heading, IReadOnlyList<ExportColumn<T>> columns, IAsyncEnumerable<T> rows,
        CancellationToken cancellation)
    {
        await using var csv = CsvWriter.Create(body, Options, leaveOpen: true);
        await csv.WriteRecordAsync([.. columns.Select(column => column.Heading)], cancellation);
        await foreach (var row in rows)
        {
            foreach (var column in columns) csv.WriteField(column.Value(row));
            await csv.EndRecordAsync(cancellation);
        }
        // A spreadsheet shows no comment line, so the cap is stated in a last row of its own.
        if (heading.Truncated)
        {
            csv.WriteField(heading.Count);
            foreach (var _ in columns.Skip(1)) csv.WriteField("");
            await csv.EndRecordAsync(cancellation);
        }
        await csv.FlushAsync(cancellation);
    }
}
