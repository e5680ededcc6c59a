using Wheelhouse.Engine.Tooling;
using Wheelhouse.Engine.Tooling.TestSuites;

namespace Wheelhouse.Engine.Tests.Tooling.TestSuites;

public class SuiteJudgeTests
{
    private static readonly TestSuite CSharp = TestSuite.DotNet("tests/Demo.Tests/Demo.Tests.csproj");
    private static readonly TestSuite Python = TestSuite.Pytest("tests/python");

    private static SuiteVerdict Judge(TestSuite suite, int exitCode, string? report) => SuiteJudge.Judge(suite, SuiteRun.Finished(exitCode, report));

    [Fact]
    public void A_complete_green_trx_with_exit_code_0_passes()
    {
        var verdict = Judge(CSharp, 0, TrxFixtures.Green);

        verdict.Status.Should().Be(SuiteStatus.Passed);
        verdict.Problem.Should().BeNull();
        verdict.Totals.Should().Be(new TestTotals(4, 0, 0));
    }

    [Fact]
    public void Failed_tests_fail_the_suite_with_their_count()
    {
        var verdict = Judge(CSharp, 1, TrxFixtures.Failed);

        verdict.Status.Should().Be(SuiteStatus.TestsFailed);
        verdict.Problem.Should().Be("2 test(s) failed");
        verdict.Totals.Should().Be(new TestTotals(1, 2, 0));
    }

    [Fact]
    public void A_host_that_crashed_after_a_pass_is_a_crash_and_counts_a_failure_although_its_counters_show_none()
    {
        var verdict = Judge(CSharp, 1, TrxFixtures.CrashedAfterAPass);

        verdict.Status.Should().Be(SuiteStatus.Crashed);
        verdict.Problem.Should().Be("the test run was aborted: The active test run was aborted. Reason: Test host process crashed : Process terminated. x (dotnet test exited with code 1)");
        verdict.Totals.Should().Be(new TestTotals(1, 1, 0));
    }

    [Fact]
    public void A_host_that_crashed_before_any_result_is_a_crash_not_an_empty_suite()
    {
        var verdict = Judge(CSharp, 1, TrxFixtures.CrashedBeforeAnyResult);

        verdict.Status.Should().Be(SuiteStatus.Crashed);
        verdict.Totals.Failed.Should().Be(1);
    }

    [Fact]
    public void An_outcome_of_Failed_without_a_failed_result_is_a_crash_even_without_the_abort_message()
    {
        var withoutRunInfo = TrxFixtures.CrashedAfterAPass[..TrxFixtures.CrashedAfterAPass.IndexOf("<RunInfos>", StringComparison.Ordinal)] + "</ResultSummary></TestRun>";

        var verdict = Judge(CSharp, 1, withoutRunInfo);

        verdict.Status.Should().Be(SuiteStatus.Crashed);
        verdict.Problem.Should().Be("its report's outcome is Failed although no test failed, so the run stopped early (dotnet test exited with code 1)");
    }

    [Fact]
    public void A_report_listing_fewer_results_than_its_counters_declare_is_a_crash()
    {
        var lostResults = TrxFixtures.Green.Replace("total=\"4\" executed=\"4\"", "total=\"6\" executed=\"6\"", StringComparison.Ordinal);

        var verdict = Judge(CSharp, 1, lostResults);

        verdict.Status.Should().Be(SuiteStatus.Crashed);
        verdict.Problem.Should().Be("its report declares 6 tests but has results for 4, so the run stopped early (dotnet test exited with code 1)");
        verdict.Totals.Should().Be(new TestTotals(4, 1, 0));
    }

    [Fact]
    public void A_missing_report_fails_the_suite_with_the_exit_code()
    {
        var verdict = Judge(CSharp, 1, null);

        verdict.Status.Should().Be(SuiteStatus.NoReport);
        verdict.Problem.Should().Be("dotnet test exited with code 1 and wrote no report; its output is above");
        verdict.Totals.Should().Be(new TestTotals(0, 1, 0));
    }

    [Fact]
    public void A_truncated_report_fails_the_suite_as_incomplete()
    {
        var verdict = Judge(CSharp, 0, TrxFixtures.Green[..(TrxFixtures.Green.Length * 2 / 3)]);

        verdict.Status.Should().Be(SuiteStatus.IncompleteReport);
        verdict.Problem.Should().StartWith("its report is incomplete: it is not complete XML (").And.EndWith("(dotnet test exited with code 0)");
        verdict.Totals.Failed.Should().Be(1);
    }

    [Fact]
    public void A_project_that_discovered_no_test_fails_although_dotnet_test_exited_0()
    {
        var verdict = Judge(CSharp, 0, TrxFixtures.NoTestDiscovered);

        verdict.Status.Should().Be(SuiteStatus.NoTests);
        verdict.Problem.Should().Be("discovered no test (dotnet test exited with code 0)");
        verdict.Totals.Should().Be(new TestTotals(0, 1, 0));
    }

    [Fact]
    public void Skipped_tests_are_counted_from_the_results_and_keep_their_reason()
    {
        var verdict = Judge(CSharp, 0, TrxFixtures.Skipped);

        verdict.Status.Should().Be(SuiteStatus.Passed);
        verdict.Skipped.Should().Equal(new SkippedTest("Skip.Tests.Two", "needs a GPU"));
        verdict.Totals.Should().Be(new TestTotals(1, 0, 1));
    }

    [Fact]
    public void Executing_fewer_tests_than_declared_without_a_skip_reason_fails()
    {
        var noReason = TrxFixtures.Skipped.Replace("<Message>needs a GPU</Message>", "", StringComparison.Ordinal);

        var verdict = Judge(CSharp, 0, noReason);

        verdict.Status.Should().Be(SuiteStatus.TestsNotRun);
        verdict.Problem.Should().Be("executed 1 of its 2 tests; 1 did not run and gave no skip reason");
        verdict.Totals.Should().Be(new TestTotals(1, 1, 1));
    }

    [Fact]
    public void A_non_zero_exit_code_fails_an_otherwise_green_report()
    {
        var verdict = Judge(CSharp, 3, TrxFixtures.Green);

        verdict.Status.Should().Be(SuiteStatus.ExitCode);
        verdict.Problem.Should().Be("dotnet test exited with code 3 although its report shows no failure");
        verdict.Totals.Should().Be(new TestTotals(4, 1, 0));
    }

    [Fact]
    public void A_suite_whose_project_is_gone_is_missing_and_named_by_its_path()
    {
        var verdict = SuiteJudge.Judge(CSharp, SuiteRun.NotFound);

        verdict.Status.Should().Be(SuiteStatus.Missing);
        verdict.Problem.Should().StartWith("tests/Demo.Tests/Demo.Tests.csproj does not exist");
        verdict.Totals.Should().Be(new TestTotals(0, 1, 0));
    }

    [Fact]
    public void A_green_pytest_report_with_exit_code_0_passes()
    {
        var verdict = Judge(Python, 0, JUnitFixtures.Green);

        verdict.Status.Should().Be(SuiteStatus.Passed);
        verdict.Totals.Should().Be(new TestTotals(2, 0, 0));
    }

    [Fact]
    public void Pytest_collecting_no_test_fails_as_no_tests()
    {
        var verdict = Judge(Python, 5, JUnitFixtures.NoTestsCollected);

        verdict.Status.Should().Be(SuiteStatus.NoTests);
        verdict.Problem.Should().Be("discovered no test (pytest exited with code 5)");
        verdict.Totals.Should().Be(new TestTotals(0, 1, 0));
    }

    [Fact]
    public void Pytest_exit_code_5_means_no_tests_whatever_the_report_says()
    {
        Judge(Python, 5, JUnitFixtures.Green).Status.Should().Be(SuiteStatus.NoTests);
    }

    [Fact]
    public void Pytest_failures_and_errors_fail_the_suite_and_skips_keep_their_reasons()
    {
        var verdict = Judge(Python, 1, JUnitFixtures.Mixed);

        verdict.Status.Should().Be(SuiteStatus.TestsFailed);
        verdict.Problem.Should().Be("2 test(s) failed");
        verdict.Totals.Should().Be(new TestTotals(1, 2, 3));
        verdict.Skipped.Select(s => s.Reason).Should().Equal("needs a GPU", "not on this platform", "known bug");
    }

    [Fact]
    public void A_pytest_collection_error_fails_and_says_pytest_was_stopped_with_its_exit_code()
    {
        var verdict = Judge(Python, 2, JUnitFixtures.CollectionError);

        verdict.Status.Should().Be(SuiteStatus.TestsFailed);
        verdict.Problem.Should().Be("1 test(s) failed and pytest exited with code 2");
    }

    [Fact]
    public void Pytest_skips_count_as_skipped_and_the_suite_passes()
    {
        var verdict = Judge(Python, 0, JUnitFixtures.Skipped);

        verdict.Status.Should().Be(SuiteStatus.Passed);
        verdict.Totals.Should().Be(new TestTotals(1, 0, 1));
        verdict.Skipped.Should().Equal(new SkippedTest("skiponly.test_s.test_skip", "needs a GPU"));
    }

    [Fact]
    public void A_pytest_report_cut_short_is_incomplete()
    {
        var verdict = Judge(Python, 1, JUnitFixtures.Mixed[..300]);

        verdict.Status.Should().Be(SuiteStatus.IncompleteReport);
        verdict.Problem.Should().EndWith("(pytest exited with code 1)");
    }

    [Fact]
    public void A_pytest_run_that_left_no_report_fails()
    {
        var verdict = Judge(Python, 4, null);

        verdict.Status.Should().Be(SuiteStatus.NoReport);
        verdict.Problem.Should().Be("pytest exited with code 4 and wrote no report; its output is above");
    }
}
