using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;
using Spectre.Console;
using Wheelhouse.Python.Inspection;

namespace Wheelhouse.Python.Tests.Inspection;

/// <summary>What InspectWheel prints: the findings and a line of counts per file; every check's row only when the table is asked for.</summary>
public sealed class ReportFindingsTests
{
    [Fact]
    public void A_clean_dist_prints_one_pass_line_per_file_and_no_ok_rows()
    {
        using var scenario = new InspectionScenario();
        var (lines, console) = Run(scenario, table: false);

        var shown = lines.Where(l => !l.StartsWith("[Debug]", StringComparison.Ordinal)).ToList();
        shown.Should().Equal(
            $"[Information] demo-1.0.0-py3-none-any.whl: {Passed(scenario, "demo-1.0.0-py3-none-any.whl")} checks passed",
            $"[Information] demo-1.0.0.tar.gz: {Passed(scenario, "demo-1.0.0.tar.gz")} checks passed",
            "[Information] InspectWheel passed: 2 distributions, " + ChecksRun(scenario) + " checks run, 0 errors, 0 warnings, 0 ignored.",
            $"[Information] Inspection report: {scenario.Root / "report.json"}");
        shown.Should().NotContain(l => l.Contains(" ok ", StringComparison.Ordinal) || l.Contains("R005", StringComparison.Ordinal));
        console.Should().BeEmpty("the table is printed only at --verbosity verbose");
        lines.Should().Contain(l => l.StartsWith("[Debug] demo-1.0.0-py3-none-any.whl", StringComparison.Ordinal) && l.Contains("R005  ok"),
            "the whole table still reaches the log file, below the console's level");
    }

    [Fact]
    public void A_wheel_with_an_error_and_a_warning_prints_both_findings_before_its_counts()
    {
        using var scenario = new InspectionScenario();
        scenario.Wheel!.EntryPoints = null; // P001: a pytest plugin without pytest11 entry points
        scenario.Wheel.Add("NOTES.txt", "notes\n"); // L006: only modules and .pth files at the top level
        scenario.Sdist!.Set("NOTES.txt", "notes\n"); // the same file in the sdist, so X002 has nothing to say

        var (lines, _) = Run(scenario, table: false, expectFailure: true);

        var wheel = "demo-1.0.0-py3-none-any.whl";
        var shown = lines.Where(l => !l.StartsWith("[Debug]", StringComparison.Ordinal)).ToList();
        var error = shown.Should().ContainSingle(l => l.StartsWith($"[Error] {wheel}: P001 ", StringComparison.Ordinal)).Subject;
        var warning = shown.Should().ContainSingle(l => l.StartsWith($"[Warning] {wheel}: L006 ", StringComparison.Ordinal)).Subject;
        warning.Should().Contain("NOTES.txt");
        var counts = $"[Information] {wheel}: {Passed(scenario, wheel)} checks passed, 1 error, 1 warning";
        shown.Should().Contain(counts);
        shown.IndexOf(error).Should().BeLessThan(shown.IndexOf(counts), "a file's findings come before its line of counts");
        shown.IndexOf(warning).Should().BeLessThan(shown.IndexOf(counts));
        shown.Should().Contain($"[Information] demo-1.0.0.tar.gz: {Passed(scenario, "demo-1.0.0.tar.gz")} checks passed");
        shown.Should().Contain(l => l.StartsWith("[Information] InspectWheel failed: 2 distributions,", StringComparison.Ordinal) && l.EndsWith(" 1 error, 1 warning, 0 ignored.", StringComparison.Ordinal));
    }

    [Fact]
    public void The_table_lists_every_check_when_asked_for()
    {
        using var scenario = new InspectionScenario();
        var (lines, console) = Run(scenario, table: true);

        console.Should().Contain("File").And.Contain("Check").And.Contain("Result")
            .And.Contain("demo-1.0.0-py3-none-any.whl").And.Contain("R005 digests match the files").And.Contain("ok")
            .And.Contain("InspectWheel passed: 2 distributions");
        lines.Should().Contain($"[Information] demo-1.0.0-py3-none-any.whl: {Passed(scenario, "demo-1.0.0-py3-none-any.whl")} checks passed");
        lines.Should().NotContain(l => l.Contains("InspectWheel passed", StringComparison.Ordinal), "the table ends with the summary already");
    }

    [Fact]
    public void An_ignored_finding_is_counted_as_ignored_and_printed_only_to_the_log_file()
    {
        var line = ReportFindings.FileLine("x-1.0-py3-none-any.whl", [
            new CheckOutcome("x-1.0-py3-none-any.whl", Checks.R005, CheckResult.Passed, []),
            new CheckOutcome("x-1.0-py3-none-any.whl", Checks.L006, CheckResult.Ignored, [new Finding("x-1.0-py3-none-any.whl", Checks.L006, "a.txt", Ignored: true)]),
            new CheckOutcome("x-1.0-py3-none-any.whl", Checks.M006, CheckResult.NotRun, [], "no tag"),
        ]);

        line.Should().Be("x-1.0-py3-none-any.whl: 1 check passed, 1 ignored");
    }

    [Fact]
    public void Many_findings_of_one_check_are_cut_after_ten_with_a_count_of_the_rest()
    {
        var findings = Enumerable.Range(1, 13).Select(i => new Finding("x-1.0-py3-none-any.whl", Checks.R005, $"file{i}.py: digest differs")).ToList();
        var report = new InspectionReport(
            [new InspectedFile("x-1.0-py3-none-any.whl", "wheel", 100, 20, null)],
            [new CheckOutcome("x-1.0-py3-none-any.whl", Checks.R005, CheckResult.Failed, findings)],
            null);

        var lines = ReportFindings.Lines(report).ToList();

        lines.Count(l => l.Kind == FindingLineKind.Error).Should().Be(10);
        lines.Should().Contain(new FindingLine(FindingLineKind.Information, "x-1.0-py3-none-any.whl: R005 found 3 more; all are in the JSON report"));
        lines.Should().Contain(new FindingLine(FindingLineKind.Information, "x-1.0-py3-none-any.whl: 0 checks passed, 13 errors"));
    }

    private static (List<string> Lines, string Console) Run(InspectionScenario scenario, bool table, bool expectFailure = false)
    {
        scenario.WriteFiles();
        var lines = new List<string>();
        using var log = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(new Collector(lines)).CreateLogger();
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 200;

        var act = () => WheelInspection.Run(scenario.Dist, scenario.Root / "pyproject.toml", null, scenario.Root / "report.json", console,
            buildFiles: scenario.BuildFiles, readmeInterpreters: scenario.ReadmeInterpreters, table: table, log: log);

        if (expectFailure)
            act.Should().Throw<Engine.BuildException>();
        else
            act();
        return (lines, output.ToString());
    }

    /// <summary>The checks that passed for <paramref name="file"/>: most of the catalogue's checks apply to each file.</summary>
    private static int Passed(InspectionScenario scenario, string file)
    {
        var passed = scenario.Inspect().Outcomes.Count(o => o.File == file && o.Result == CheckResult.Passed);
        passed.Should().BeGreaterThan(15);
        return passed;
    }

    private static int ChecksRun(InspectionScenario scenario) =>
        scenario.Inspect().Outcomes.Count(o => o.Result != CheckResult.NotRun);

    /// <summary>Renders as the build's console does: strings without quotes.</summary>
    private sealed class Collector(List<string> lines) : ILogEventSink
    {
        private static readonly MessageTemplateTextFormatter Formatter = new("[{Level}] {Message:lj}", System.Globalization.CultureInfo.InvariantCulture);

        public void Emit(LogEvent logEvent)
        {
            var writer = new StringWriter();
            Formatter.Format(logEvent, writer);
            lock (lines)
                lines.Add(writer.ToString());
        }
    }
}
