using Wheelhouse.Engine.Tooling;
using Wheelhouse.Engine.Tooling.TestSuites;

namespace Wheelhouse.Engine.Tests.Tooling.TestSuites;

public class TestRunSummaryTests
{
    private static readonly SuiteVerdict Green = SuiteJudge.Judge(TestSuite.DotNet("tests/A.Tests/A.Tests.csproj"), SuiteRun.Finished(0, TrxFixtures.Skipped));
    private static readonly SuiteVerdict Crashed = SuiteJudge.Judge(TestSuite.DotNet("tests/B.Tests/B.Tests.csproj"), SuiteRun.Finished(1, TrxFixtures.CrashedAfterAPass));
    private static readonly SuiteVerdict Empty = SuiteJudge.Judge(TestSuite.Pytest("tests/python"), SuiteRun.Finished(5, JUnitFixtures.NoTestsCollected));

    [Fact]
    public void Totals_add_every_suite_and_a_crashed_or_empty_suite_adds_a_failure()
    {
        new TestRunSummary([Green, Crashed, Empty]).Totals.Should().Be(new TestTotals(2, 2, 1));
    }

    [Fact]
    public void A_run_where_every_suite_passed_has_no_failure_message()
    {
        var summary = new TestRunSummary([Green]);

        summary.Succeeded.Should().BeTrue();
        summary.FailureMessage("/r").Should().BeNull();
    }

    [Fact]
    public void The_failure_message_names_each_failed_suite_first_then_what_happened_to_each()
    {
        var message = new TestRunSummary([Green, Crashed, Empty]).FailureMessage("/r/test-results")!;

        message.Split(Environment.NewLine).Should().Equal(
            "2 test suite(s) did not pass: B.Tests, pytest tests/python.",
            "  B.Tests: the test run was aborted: The active test run was aborted. Reason: Test host process crashed : Process terminated. x (dotnet test exited with code 1)",
            "  pytest tests/python: discovered no test (pytest exited with code 5)",
            "See the output above and the reports in /r/test-results.");
    }
}
