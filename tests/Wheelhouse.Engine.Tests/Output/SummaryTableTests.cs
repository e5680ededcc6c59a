using Spectre.Console;
using Wheelhouse.Engine.Execution;
using Wheelhouse.Engine.Output;

namespace Wheelhouse.Engine.Tests.Output;

public class SummaryTableTests
{
    private static readonly BuildResult Failed = new(
    [
        new TargetResult("Clean", TargetStatus.Succeeded, TimeSpan.FromMilliseconds(1234), null),
        new TargetResult("Lint", TargetStatus.Skipped, TimeSpan.Zero, "condition false: IsLocalBuild"),
        new TargetResult("Publish", TargetStatus.Failed, TimeSpan.FromSeconds(61), "boom | bang"),
        new TargetResult("Notify", TargetStatus.NotRun, TimeSpan.Zero, "an earlier target failed"),
    ], false);

    [Fact]
    public void Plain_lines_list_each_target_with_status_duration_and_reason_then_the_total()
    {
        SummaryTable.PlainLines(Failed).Should().Equal(
            "Clean    Succeeded   0:01.23",
            "Lint     Skipped     0:00.00  condition false: IsLocalBuild",
            "Publish  Failed      1:01.00  boom | bang",
            "Notify   NotRun      0:00.00  an earlier target failed",
            "Total                1:02.23");
    }

    [Fact]
    public void Plain_lines_are_at_least_as_wide_as_the_total_label()
    {
        var result = new BuildResult([new TargetResult("A", TargetStatus.Succeeded, TimeSpan.Zero, null)], false);

        SummaryTable.PlainLines(result).Should().Equal("A      Succeeded   0:00.00", "Total              0:00.00");
    }

    private static string Write(BuildResult result)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 120;
        SummaryTable.Write(console, result);
        return writer.ToString();
    }

    [Fact]
    public void The_console_table_shows_every_target_the_total_and_the_outcome()
    {
        var text = Write(Failed);

        text.Should().MatchRegex(@"Clean\s+│\s+Succeeded\s+│\s+0:01.23");
        text.Should().MatchRegex(@"Publish\s+│\s+Failed\s+│\s+1:01.00\s+│\s+boom \| bang");
        text.Should().MatchRegex(@"Total\s+│\s+│\s+1:02.23");
        text.Should().Contain("Build failed.");
    }

    [Fact]
    public void The_console_table_says_when_the_build_succeeded_or_was_cancelled()
    {
        var ok = new BuildResult([new TargetResult("A", TargetStatus.Succeeded, TimeSpan.Zero, null)], false);
        var cancelled = ok with { Cancelled = true };

        Write(ok).Should().Contain("Build succeeded on ");
        Write(cancelled).Should().Contain("Build cancelled.");
    }

    [Fact]
    public void Markup_characters_in_names_and_reasons_are_printed_as_text()
    {
        var result = new BuildResult([new TargetResult("A", TargetStatus.Failed, TimeSpan.Zero, "expected [red] got [/]")], false);

        Write(result).Should().Contain("expected [red] got [/]");
    }
}
