using Spectre.Console;

namespace Wheelhouse.Python.Inspection;

/// <summary>The report as a console table (file, check, result) and as plain lines for the build log.</summary>
public static class ReportTable
{
    public static void Write(IAnsiConsole console, InspectionReport report)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("File")
            .AddColumn("Check")
            .AddColumn("Result");
        string? previous = null;
        foreach (var outcome in report.Outcomes)
        {
            table.AddRow(
                outcome.File == previous ? "" : Markup.Escape(outcome.File),
                Markup.Escape(outcome.Check.ToString()),
                Result(outcome, markup: true));
            previous = outcome.File;
        }

        console.Write(table);
        console.MarkupLine(Markup.Escape(Summary(report)).Replace("passed", "[green]passed[/]").Replace("failed", "[red]failed[/]"));
    }

    public static IEnumerable<string> PlainLines(InspectionReport report)
    {
        var width = report.Outcomes.Select(o => o.File.Length).Append(4).Max() + 2;
        foreach (var outcome in report.Outcomes)
            yield return $"{outcome.File.PadRight(width)}{outcome.Check.Id}  {Result(outcome, markup: false),-24} {outcome.Check.Title}";
        yield return Summary(report);
    }

    public static string Summary(InspectionReport report)
    {
        var distributions = report.Files.Count(f => f.Kind != "other");
        return $"InspectWheel {(report.Passed ? "passed" : "failed")}: {distributions} distribution{(distributions == 1 ? "" : "s")}, "
               + $"{report.Outcomes.Count(o => o.Result != CheckResult.NotRun)} checks run, {report.Errors} error{(report.Errors == 1 ? "" : "s")}, "
               + $"{report.Warnings} warning{(report.Warnings == 1 ? "" : "s")}, {report.IgnoredFindings} ignored.";
    }

    private static string Result(CheckOutcome outcome, bool markup)
    {
        var count = outcome.Findings.Count;
        var (text, colour) = outcome.Result switch
        {
            CheckResult.Passed => ("ok", "green"),
            CheckResult.Failed => (count == 1 ? "error" : $"{count} errors", "red"),
            CheckResult.Warned => (count == 1 ? "warning" : $"{count} warnings", "yellow"),
            CheckResult.Ignored => (count == 0 ? "ignored" : $"ignored ({count} found)", "grey"),
            _ => ($"not run: {outcome.Reason}", "grey"),
        };
        return markup ? $"[{colour}]{Markup.Escape(text)}[/]" : text;
    }
}
