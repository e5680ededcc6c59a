using Spectre.Console;

namespace Wheelhouse.Engine.Tooling.TestSuites;

/// <summary>The per-suite table the Test target prints before its totals: suite, passed, failed, skipped, status.</summary>
public static class SuiteTable
{
    public static void Write(IAnsiConsole console, IEnumerable<SuiteVerdict> verdicts)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("Suite")
            .AddColumn(new TableColumn("Passed").RightAligned())
            .AddColumn(new TableColumn("Failed").RightAligned())
            .AddColumn(new TableColumn("Skipped").RightAligned())
            .AddColumn("Status");
        foreach (var verdict in verdicts)
        {
            var totals = verdict.Totals;
            table.AddRow(
                Markup.Escape(verdict.Suite.Name),
                totals.Passed.ToString(System.Globalization.CultureInfo.InvariantCulture),
                totals.Failed.ToString(System.Globalization.CultureInfo.InvariantCulture),
                totals.Skipped.ToString(System.Globalization.CultureInfo.InvariantCulture),
                verdict.Succeeded ? "[green]passed[/]" : $"[red]{Markup.Escape(verdict.StatusText)}[/]");
        }

        console.Write(table);
    }

    /// <summary>The same table as plain lines, for the log file.</summary>
    public static IEnumerable<string> PlainLines(IReadOnlyList<SuiteVerdict> verdicts)
    {
        var width = verdicts.Select(v => v.Suite.Name.Length).Append(5).Max() + 2;
        yield return $"{"Suite".PadRight(width)}{"Passed",7}{"Failed",7}{"Skipped",8}  Status";
        foreach (var verdict in verdicts)
        {
            var totals = verdict.Totals;
            yield return $"{verdict.Suite.Name.PadRight(width)}{totals.Passed,7}{totals.Failed,7}{totals.Skipped,8}  {verdict.StatusText}";
        }
    }
}
