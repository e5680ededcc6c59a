using Wheelhouse.Engine.Tooling.TestSuites;

namespace Wheelhouse.Engine.Tests.Tooling.TestSuites;

public class TrxReportTests
{
    [Fact]
    public void A_complete_green_report_gives_its_results_counters_and_outcome()
    {
        var report = TrxReport.Parse(TrxFixtures.Green);

        report.Should().BeEquivalentTo(new { Total = 4, Executed = 4, Passed = 4, Failed = 0, Outcome = "Completed", AbortReason = (string?)null });
        report.Skipped.Should().BeEmpty();
    }

    [Fact]
    public void Failed_results_are_counted_from_the_results()
    {
        var report = TrxReport.Parse(TrxFixtures.Failed);

        (report.Passed, report.Failed, report.Outcome).Should().Be((1, 2, "Failed"));
    }

    [Fact]
    public void Skipped_tests_are_the_NotExecuted_results_with_their_reason_although_the_notExecuted_counter_is_0()
    {
        var report = TrxReport.Parse(TrxFixtures.Skipped);

        report.Skipped.Should().Equal(new SkippedTest("Skip.Tests.Two", "needs a GPU"));
        (report.Total, report.Executed, report.Passed).Should().Be((2, 1, 1));
    }

    [Fact]
    public void A_crashed_host_gives_the_abort_message_up_to_its_stack_trace()
    {
        var report = TrxReport.Parse(TrxFixtures.CrashedAfterAPass);

        report.AbortReason.Should().Be("The active test run was aborted. Reason: Test host process crashed : Process terminated. x");
        (report.Passed, report.Failed).Should().Be((1, 0));
    }

    [Fact]
    public void A_failed_test_is_not_mistaken_for_an_aborted_run()
    {
        TrxReport.Parse(TrxFixtures.Failed).AbortReason.Should().BeNull();
    }

    [Fact]
    public void A_report_cut_off_while_being_written_is_refused_as_incomplete_xml()
    {
        var act = () => TrxReport.Parse(TrxFixtures.Green[..(TrxFixtures.Green.Length / 2)]);

        act.Should().Throw<TestReportException>().WithMessage("it is not complete XML (*");
    }

    [Fact]
    public void A_report_without_its_result_summary_is_refused()
    {
        var cut = TrxFixtures.Green[..TrxFixtures.Green.IndexOf("<ResultSummary", StringComparison.Ordinal)] + "</TestRun>";

        var act = () => TrxReport.Parse(cut);

        act.Should().Throw<TestReportException>().WithMessage("it has no <ResultSummary>*");
    }

    [Fact]
    public void A_report_without_counters_is_refused()
    {
        var act = () => TrxReport.Parse(TrxFixtures.Green.Replace("<Counters total=\"4\"", "<Other total=\"4\"", StringComparison.Ordinal));

        act.Should().Throw<TestReportException>().WithMessage("its <ResultSummary> has no <Counters>");
    }

    [Fact]
    public void A_JUnit_file_is_not_read_as_TRX()
    {
        var act = () => TrxReport.Parse(JUnitFixtures.Green);

        act.Should().Throw<TestReportException>().WithMessage("its root element is <testsuites>, not a TRX <TestRun>");
    }
}
