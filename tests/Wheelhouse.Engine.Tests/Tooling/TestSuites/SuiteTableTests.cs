using Spectre.Console;
using Wheelhouse.Engine.Tooling.TestSuites;

namespace Wheelhouse.Engine.Tests.Tooling.TestSuites;

public class SuiteTableTests
{
    private static readonly IReadOnlyList<SuiteVerdict> Verdicts =
    [
        SuiteJudge.Judge(TestSuite.DotNet("tests/A.Tests/A.Tests.csproj"), SuiteRun.Finished(1, TrxFixtures.Failed)),
        SuiteJudge.Judge(TestSuite.DotNet("tests/Gone.Tests/Gone.Tests.csproj"), SuiteRun.NotFound),
        SuiteJudge.Judge(TestSuite.Pytest("tests/python"), SuiteRun.Finished(0, JUnitFixtures.Skipped)),
    ];

    [Fact]
    public void Plain_lines_give_each_suite_its_counts_and_status()
    {
        SuiteTable.PlainLines(Verdicts).Should().Equal(
            "Suite                 Passed Failed Skipped  Status",
            "A.Tests                    1      2       0  failed",
            "Gone.Tests                 0      1       0  missing",
            "pytest tests/python        1      0       1  passed");
    }

    [Fact]
    public void The_console_table_has_a_row_per_suite_with_its_status()
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

        SuiteTable.Write(console, Verdicts);

        var rows = writer.ToString().Split('\n').Select(l => string.Join(" ", l.Split(['│', ' '], StringSplitOptions.RemoveEmptyEntries))).ToList();
        rows.Should().Contain("Suite Passed Failed Skipped Status")
            .And.Contain("A.Tests 1 2 0 failed")
            .And.Contain("Gone.Tests 0 1 0 missing")
            .And.Contain("pytest tests/python 1 0 1 passed");
    }
}
