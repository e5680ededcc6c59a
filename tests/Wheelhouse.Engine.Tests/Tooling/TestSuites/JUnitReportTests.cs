using Wheelhouse.Engine.Tooling.TestSuites;

namespace Wheelhouse.Engine.Tests.Tooling.TestSuites;

public class JUnitReportTests
{
    [Fact]
    public void A_green_report_counts_its_testcases_as_passed()
    {
        var report = JUnitReport.Parse(JUnitFixtures.Green);

        report.Should().BeEquivalentTo(new { Total = 2, Executed = 2, Passed = 2, Failed = 0, Outcome = (string?)null, AbortReason = (string?)null });
    }

    [Fact]
    public void Failures_and_errors_are_failed_and_skipped_children_are_skips_with_their_message()
    {
        var report = JUnitReport.Parse(JUnitFixtures.Mixed);

        (report.Total, report.Executed, report.Passed, report.Failed).Should().Be((6, 3, 1, 2));
        report.Skipped.Should().Equal(
            new SkippedTest("mixed.test_m.test_skip", "needs a GPU"),
            new SkippedTest("mixed.test_m.test_skip_inside", "not on this platform"),
            new SkippedTest("mixed.test_m.test_xfail", "known bug"));
    }

    [Fact]
    public void A_collection_error_is_a_failed_testcase_named_after_the_module()
    {
        var report = JUnitReport.Parse(JUnitFixtures.CollectionError);

        (report.Total, report.Failed, report.Passed).Should().Be((1, 1, 0));
    }

    [Fact]
    public void No_tests_collected_is_a_suite_declaring_0_tests()
    {
        var report = JUnitReport.Parse(JUnitFixtures.NoTestsCollected);

        (report.Total, report.Listed).Should().Be((0, 0));
    }

    [Fact]
    public void A_single_testsuite_root_is_read_too()
    {
        var single = """<testsuite name="pytest" tests="1"><testcase classname="a" name="b" /></testsuite>""";

        JUnitReport.Parse(single).Passed.Should().Be(1);
    }

    [Fact]
    public void A_testsuite_without_a_tests_count_is_refused()
    {
        var act = () => JUnitReport.Parse("""<testsuites><testsuite name="pytest"><testcase name="b" /></testsuite></testsuites>""");

        act.Should().Throw<TestReportException>().WithMessage("its <testsuite> has no 'tests' count");
    }

    [Fact]
    public void A_cut_off_report_is_refused_as_incomplete_xml()
    {
        var act = () => JUnitReport.Parse(JUnitFixtures.Mixed[..200]);

        act.Should().Throw<TestReportException>().WithMessage("it is not complete XML (*");
    }
}
