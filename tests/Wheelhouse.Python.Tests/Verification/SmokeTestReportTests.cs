using Wheelhouse.Python.Verification;

namespace Wheelhouse.Python.Tests.Verification;

public sealed class SmokeTestReportTests
{
    private static readonly string[] Paths = ["tests/smoke"];

    private const string FailedOutput = """
        ============================= test session starts ==============================
        collected 3 items

        tests/smoke/test_a.py .F                                                 [ 66%]
        tests/smoke/sub/test_b.py E                                              [100%]

        =================================== FAILURES ===================================
        E       AssertionError: expected the slow mode
        =========================== short test summary info ============================
        FAILED tests/smoke/test_a.py::TestMode::test_slow[x-1] - AssertionError: expe...
        ERROR tests/smoke/sub/test_b.py::test_setup - fixture 'missing' not found
        ==================== 1 failed, 1 passed, 1 error in 0.01s =====================
        """;

    private const string Report = """
        <?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest" errors="1" failures="1" tests="3">
        <testcase classname="tests.smoke.test_a.TestMode" name="test_fast" time="0.001" />
        <testcase classname="tests.smoke.test_a.TestMode" name="test_slow[x-1]" time="0.001"><failure message="AssertionError: expected the slow mode&#10;assert 'fast' == 'slow'">details</failure></testcase>
        <testcase classname="tests.smoke.sub.test_b" name="test_setup" time="0.001"><error message="failed on setup with &quot;file /x, line 1&quot;">E fixture 'missing' not found</error></testcase>
        </testsuite></testsuites>
        """;

    [Fact]
    public void A_passing_run_is_no_problem() =>
        SmokeTestReport.Judge(new PytestRun("pytest tests/smoke", 0, "3 passed"), Paths, "/l/smoke.log").Should().BeNull();

    [Fact]
    public void Failures_name_each_test_with_its_whole_message_from_the_report_and_end_with_pytests_output()
    {
        var message = SmokeTestReport.Judge(new PytestRun("pytest tests/smoke", 1, FailedOutput, Report), Paths, "/l/smoke.log");

        message.Should().StartWith("the smoke tests (tests/smoke, from [tool.wheelhouse.verify] in pyproject.toml) failed against the installed package: " +
            "FAILED tests/smoke/test_a.py::TestMode::test_slow[x-1] - AssertionError: expected the slow mode; " +
            "ERROR tests/smoke/sub/test_b.py::test_setup - failed on setup with \"file /x, line 1\". pytest's whole output: /l/smoke.log.");
        message.Should().Contain("Last output:").And.Contain("  ==================== 1 failed, 1 passed, 1 error in 0.01s");
    }

    [Fact]
    public void Without_a_report_the_summarys_message_is_used_as_pytest_cut_it()
    {
        var message = SmokeTestReport.Judge(new PytestRun("pytest tests/smoke", 1, FailedOutput), Paths, "/l/smoke.log");

        message.Should().Contain("FAILED tests/smoke/test_a.py::TestMode::test_slow[x-1] - AssertionError: expe...; ERROR tests/smoke/sub/test_b.py::test_setup - fixture 'missing' not found");
    }

    [Theory]
    [InlineData(5, "collected no tests (pytest exit code 5)")]
    [InlineData(4, "pytest could not run the smoke tests (tests/smoke, from [tool.wheelhouse.verify] in pyproject.toml): 'pytest tests/smoke' exited with code 4 (usage error)")]
    [InlineData(2, "exited with code 2 (interrupted)")]
    public void Runs_that_did_not_test_say_what_pytests_exit_code_means(int exitCode, string expected) =>
        SmokeTestReport.Judge(new PytestRun("pytest tests/smoke", exitCode, "ERROR: usage: unrecognized arguments"), Paths, "/l/smoke.log")
            .Should().Contain(expected).And.Contain("ERROR: usage: unrecognized arguments");

    [Theory]
    [InlineData("tests/smoke/test_a.py::test_x", "tests.smoke.test_a", "test_x")]
    [InlineData("tests/smoke/test_a.py::TestA::test_b[1.5-a/b]", "tests.smoke.test_a.TestA", "test_b[1.5-a/b]")]
    [InlineData("test_top.py::test_x", "test_top", "test_x")]
    public void A_node_id_maps_to_the_classname_and_name_of_pytests_junit_report(string nodeId, string className, string name) =>
        PytestOutput.JUnitAddress(nodeId).Should().Be((className, name));

    [Fact]
    public void Summary_lines_are_read_and_other_lines_are_not()
    {
        PytestOutput.Unpassed(FailedOutput).Should().Equal(
            new UnpassedTest("FAILED", "tests/smoke/test_a.py::TestMode::test_slow[x-1]", "AssertionError: expe..."),
            new UnpassedTest("ERROR", "tests/smoke/sub/test_b.py::test_setup", "fixture 'missing' not found"));
        PytestOutput.Unpassed("FAILED tests/x.py::test_y\r\nE   FAILED nothing").Should().Equal(new UnpassedTest("FAILED", "tests/x.py::test_y", null));
        PytestOutput.JUnitProblems("not xml").Should().BeNull();
    }
}
