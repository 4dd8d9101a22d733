using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Zumodra.Web.Exports;

/// <summary>
/// An export as PDF (PDFsharp): an A4 landscape table under the title, the filters in words, the generation time and the
/// count; the table's header repeats on every page and each page is numbered "Page n of N" (N from the count taken before
/// the rows are read). One line per row, a cell too long for its column cut with an ellipsis.
/// </summary>
/// <remarks>
/// PDFsharp holds a document until it is saved. Each page is closed as soon as it is drawn, which keeps of it only its
/// content stream, and the saving runs on a pool thread into a pipe that the response reads, so the file itself is never
/// buffered whole; bench/browse.sh measures what 100,000 rows cost.
/// </remarks>
internal static class PdfExport
{
    private const double Margin = 36, RowHeight = 12, Padding = 3;
    private static readonly XSize Page = new(842, 595);
    private static readonly XFont TitleFont = Font(14, XFontStyleEx.Bold), Lead = Font(9), Cell = Font(7.5), Heading = Font(7.5, XFontStyleEx.Bold);
    private const double TitleBlock = 58;
    private static readonly XBrush HeaderFill = new XSolidBrush(XColor.FromArgb(0xE8, 0xEC, 0xF2)), Rule = XBrushes.LightGray;

    private static XFont Font(double size, XFontStyleEx style = XFontStyleEx.Regular)
    {
        ExportFonts.Use();
        return new XFont(ExportFonts.Family, size, style);
    }

    public static async Task WriteAsync<T>(Stream body, ExportHeading heading, IReadOnlyList<ExportColumn<T>> columns, IAsyncEnumerable<T> rows,
        CancellationToken cancellation)
    {
        using var document = new PdfDocument();
        document.Info.Title = $"{heading.Title} · Zumodra";
        document.Info.Subject = heading.FiltersInWords;
        document.Info.Creator = "Zumodra";
        document.Options.CompressContentStreams = true;

        var table = new Table<T>([.. columns.Where(column => column.InPdf)], Page.Width - 2 * Margin);
        var rowsPerFirstPage = (int)((Page.Height - 2 * Margin - TitleBlock - RowHeight * 2) / RowHeight);
        var rowsPerPage = (int)((Page.Height - 2 * Margin - RowHeight * 2) / RowHeight);
        var pages = heading.Rows <= rowsPerFirstPage ? 1 : 1 + (heading.Rows - rowsPerFirstPage + rowsPerPage - 1) / rowsPerPage;

        var page = new PageWriter(document, heading, pages);
        var y = page.Start(first: true);
        DrawHeadings(page.Graphics, table, ref y);
        var left = rowsPerFirstPage;
        await foreach (var row in rows.WithCancellation(cancellation))
        {
            if (left-- == 0)
            {
                y = page.Next();
                DrawHeadings(page.Graphics, table, ref y);
                left = rowsPerPage - 1;
            }
            table.Draw(page.Graphics, row, y);
            y += RowHeight;
        }
        page.End();

        // PDFsharp saves synchronously: on a pool thread, into a pipe the response drains asynchronously.
        var pipe = new Pipe();
        var sending = pipe.Reader.CopyToAsync(body, cancellation);
        try
        {
            await Task.Run(() => document.Save(new PipeStream(pipe.Writer), closeStream: false), cancellation);
            await pipe.Writer.CompleteAsync();
        }
        catch (Exception error)
        {
            await pipe.Writer.CompleteAsync(error);
            throw;
        }
        finally
        {
            await sending;
        }
    }

    private static void DrawHeadings<T>(XGraphics graphics, Table<T> table, ref double y)
    {
        graphics.DrawRectangle(HeaderFill, Margin, y, Page.Width - 2 * Margin, RowHeight + 2);
        table.DrawHeadings(graphics, y + 1);
        y += RowHeight + 4;
    }

    /// <summary>The document's pages, one at a time: each closed as the next begins, numbered as it is started.</summary>
    private sealed class PageWriter(PdfDocument document, ExportHeading heading, int pages)
    {
        private PdfPage? page;
        private int number;

        public XGraphics Graphics { get; private set; } = null!;

        /// <returns>Where the table starts.</returns>
        public double Start(bool first)
        {
            page = document.AddPage();
            page.Width = XUnit.FromPoint(Page.Width);
            page.Height = XUnit.FromPoint(Page.Height);
            page.Orientation = PageOrientation.Landscape;
            Graphics = XGraphics.FromPdfPage(page);
            number++;
            var footer = new XRect(Margin, Page.Height - Margin + 6, Page.Width - 2 * Margin, RowHeight);
            Graphics.DrawString($"{heading.Title} · Zumodra", Lead, XBrushes.Gray, footer, XStringFormats.TopLeft);
            Graphics.DrawString($"Page {number.ToString(CultureInfo.InvariantCulture)} of {pages.ToString(CultureInfo.InvariantCulture)}",
                Lead, XBrushes.Gray, footer, XStringFormats.TopRight);
            if (!first) return Margin;

            Graphics.DrawString(heading.Title, TitleFont, XBrushes.Black, new XPoint(Margin, Margin + 14));
            Graphics.DrawString($"Filters: {heading.FiltersInWords}", Lead, XBrushes.Black, new XPoint(Margin, Margin + 30));
            Graphics.DrawString($"Generated {heading.Generated} · {heading.Count}", Lead, XBrushes.DimGray, new XPoint(Margin, Margin + 44));
            return Margin + TitleBlock;
        }

        public double Next()
        {
            End();
            return Start(first: false);
        }

        /// <summary>Closing a page keeps only its content: what lets a long export stay small in memory.</summary>
        public void End()
        {
            Graphics.Dispose();
            page!.Close();
        }
    }

    /// <summary>
    /// A write-only stream into a pipe that tells how much was written, which PDFsharp asks to note where its objects
    /// start. A write waits while the pipe is full (on the saving thread), so the file is never held whole.
    /// </summary>
    private sealed class PipeStream(PipeWriter pipe) : Stream
    {
        private long written;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => written;

        public override long Position
        {
            get => written;
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            pipe.Write(buffer);
            written += buffer.Length;
            var flushed = pipe.FlushAsync().AsTask().GetAwaiter().GetResult();
            if (flushed.IsCanceled || flushed.IsCompleted) throw new OperationCanceledException("The export's reader went away.");
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    /// <summary>The columns' places across the page.</summary>
    private sealed class Table<T>
    {
        private readonly IReadOnlyList<ExportColumn<T>> columns;
        private readonly double[] lefts, widths;

        public Table(IReadOnlyList<ExportColumn<T>> columns, double width)
        {
            this.columns = columns;
            var shares = columns.Sum(column => column.Width);
            widths = [.. columns.Select(column => width * column.Width / shares)];
            lefts = new double[columns.Count];
            for (var i = 1; i < columns.Count; i++) lefts[i] = lefts[i - 1] + widths[i - 1];
        }

        public void DrawHeadings(XGraphics graphics, double y)
        {
            for (var i = 0; i < columns.Count; i++) DrawCell(graphics, columns[i].Heading, Heading, i, y);
        }

        public void Draw(XGraphics graphics, T row, double y)
        {
            for (var i = 0; i < columns.Count; i++) DrawCell(graphics, columns[i].Value(row), Cell, i, y);
            graphics.DrawLine(new XPen(XColors.LightGray, 0.3), Margin, y + RowHeight, Margin + lefts[^1] + widths[^1], y + RowHeight);
        }

        private void DrawCell(XGraphics graphics, string? text, XFont font, int column, double y)
        {
            if (string.IsNullOrEmpty(text)) return;
            var width = widths[column] - 2 * Padding;
            graphics.DrawString(Fit(graphics, text, font, width), font, XBrushes.Black,
                new XRect(Margin + lefts[column] + Padding, y, width, RowHeight), XStringFormats.CenterLeft);
        }

        /// <summary>The text on one line within <paramref name="width"/>: cut with an ellipsis when it does not fit.</summary>
        private static string Fit(XGraphics graphics, string text, XFont font, double width)
        {
            text = text.Length > 400 ? text[..400] : text;
            text = text.ReplaceLineEndings(" ");
            var measured = graphics.MeasureString(text, font).Width;
            if (measured <= width) return text;
            var length = Math.Max(1, (int)(text.Length * width / measured));
            while (length > 1 && graphics.MeasureString(text[..length] + "…", font).Width > width) length--;
            return text[..length].TrimEnd() + "…";
        }
    }
}
