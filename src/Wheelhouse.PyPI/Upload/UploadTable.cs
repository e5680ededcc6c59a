using Spectre.Console;

namespace Wheelhouse.PyPI.Upload;

/// <summary>The closing table of an upload (file, size, sha256, outcome, attempts, note), and the same as plain lines for the log.</summary>
internal static class UploadTable
{
    /// <param name="footer">A paragraph under the table (what a half release lacks and how to complete it), or null.</param>
    public static void Write(IAnsiConsole console, string title, UploadReport report, string? footer = null)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title(Markup.Escape(title))
            .AddColumn("File")
            .AddColumn(new TableColumn("Size").RightAligned())
            .AddColumn("SHA256")
            .AddColumn("Outcome")
            .AddColumn(new TableColumn("Attempts").RightAligned())
            .AddColumn("Note");
        foreach (var file in report.Files)
        {
            var colour = file.Outcome switch
            {
                UploadOutcome.Uploaded => "green",
                UploadOutcome.AlreadyPresent => "grey",
                UploadOutcome.WouldUpload => "blue",
                _ => "red",
            };
            table.AddRow(
                Markup.Escape(file.FileName),
                Texts.Bytes(file.Size),
                ShortHash(file.Sha256),
                $"[{colour}]{OutcomeText(file.Outcome)}[/]",
                file.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Markup.Escape(Note(file)));
        }

        console.Write(table);
        if (footer != null)
            console.MarkupLine("[yellow]" + Markup.Escape(footer) + "[/]");
    }

    public static IEnumerable<string> PlainLines(UploadReport report)
    {
        var width = report.Files.Select(f => f.FileName.Length).Append(4).Max() + 2;
        foreach (var file in report.Files)
            yield return $"{file.FileName.PadRight(width)}{Texts.Bytes(file.Size),10}  {ShortHash(file.Sha256)}  {OutcomeText(file.Outcome),-15} {file.Attempts,2}  {Note(file)}".TrimEnd();
    }

    public static string Summary(UploadReport report)
    {
        int Count(UploadOutcome outcome) => report.Files.Count(f => f.Outcome == outcome);
        var wouldUpload = Count(UploadOutcome.WouldUpload);
        return $"{Count(UploadOutcome.Uploaded)} uploaded, {Count(UploadOutcome.AlreadyPresent)} already present, {Count(UploadOutcome.Failed)} failed"
               + (wouldUpload > 0 ? $", {wouldUpload} would be uploaded (dry run)." : ".");
    }

    /// <summary>Enough of the digest to tell files apart at a glance (the full one is in the report).</summary>
    public static string ShortHash(string sha256) => sha256.Length > 12 ? sha256[..12] + "…" : sha256;

    public static string OutcomeText(UploadOutcome outcome) => outcome switch
    {
        UploadOutcome.Uploaded => "uploaded",
        UploadOutcome.AlreadyPresent => "already present",
        UploadOutcome.WouldUpload => "would upload",
        _ => "failed",
    };

    /// <summary>The note column: the message's first sentence (the whole of it is in the error and the log), or the index's first warning.</summary>
    private static string Note(FileUploadResult file)
    {
        if (file.Message is not { } message)
            return file.Warnings is [var warning, ..] ? Shorten("warning: " + warning) : "";
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return Shorten(end > 0 ? message[..(end + 1)] : message);
    }

    private static string Shorten(string text) => text.Length <= 100 ? text : text[..99] + "…";
}
