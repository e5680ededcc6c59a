using Spectre.Console;
using Wheelhouse.Engine.Execution;

namespace Wheelhouse.Engine.Output;

/// <summary>The table at the end of a run: each target's status and duration.</summary>
public static class SummaryTable
{
    public static void Write(IAnsiConsole console, BuildResult result)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("Target")
            .AddColumn("Status")
            .AddColumn(new TableColumn("Duration").RightAligned())
            .AddColumn("Note");
        foreach (var target in result.Targets)
        {
            var colour = target.Status switch
            {
                TargetStatus.Succeeded => "green",
                TargetStatus.Failed => "red",
                TargetStatus.Skipped => "grey",
                _ => "yellow",
            };
            table.AddRow(
                Markup.Escape(target.Name),
                $"[{colour}]{target.Status}[/]",
                DurationText.Format(target.Duration),
                Markup.Escape(target.Reason ?? ""));
        }

        table.AddRow("[bold]Total[/]", "", DurationText.Format(result.Duration), "");
        console.Write(table);
        console.MarkupLine(result.Succeeded
            ? $"[green]Build succeeded[/] on {DateTime.Now:yyyy-MM-dd HH:mm:ss}."
            : result.Cancelled ? "[red]Build cancelled.[/]" : "[red]Build failed.[/]");
    }

    /// <summary>The same table as plain lines, for the log file.</summary>
    public static IEnumerable<string> PlainLines(BuildResult result)
    {
        var width = result.Targets.Select(t => t.Name.Length).Append(5).Max() + 2;
        foreach (var target in result.Targets)
            yield return $"{target.Name.PadRight(width)}{target.Status,-10} {DurationText.Format(target.Duration),8}  {target.Reason}".TrimEnd();
        yield return $"{"Total".PadRight(width)}{"",-10} {DurationText.Format(result.Duration),8}";
    }
}
