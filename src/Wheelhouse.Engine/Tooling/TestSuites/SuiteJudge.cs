namespace Wheelhouse.Engine.Tooling.TestSuites;

/// <summary>
/// Decides whether a suite passed from everything its run left: exit code, report, the report's own outcome, and its
/// declared against executed counts. A runner's counters alone can look green after a crash, so each is checked.
/// </summary>
public static class SuiteJudge
{
    /// <summary>pytest's exit code when it collected no test (pytest.ExitCode.NO_TESTS_COLLECTED).</summary>
    private const int PytestNoTestsCollected = 5;

    /// <summary>The exit code both runners use when tests ran and some failed.</summary>
    private const int TestsFailedExitCode = 1;

    public static SuiteVerdict Judge(TestSuite suite, SuiteRun run)
    {
        var runner = suite.Runner == TestRunner.DotNetTest ? "dotnet test" : "pytest";
        var exit = $"{runner} exited with code {run.ExitCode}";
        if (!run.Found)
            return Broken(suite, SuiteStatus.Missing, $"{suite.Location} does not exist; restore it, or remove the suite from the build's list if it is gone on purpose");
        if (run.Report is null)
            return Broken(suite, SuiteStatus.NoReport, $"{exit} and wrote no report; its output is above");

        TestReport report;
        try
        {
            report = suite.Runner == TestRunner.DotNetTest ? TrxReport.Parse(run.Report) : JUnitReport.Parse(run.Report);
        }
        catch (TestReportException e)
        {
            return Broken(suite, SuiteStatus.IncompleteReport, $"its report is incomplete: {e.Message} ({exit})");
        }

        if (report.AbortReason is { } reason)
            return From(suite, report, SuiteStatus.Crashed, $"the test run was aborted: {reason} ({exit})");
        if (report.Outcome is { } outcome && outcome is not ("Completed" or "Passed") && report.Failed == 0)
            return From(suite, report, SuiteStatus.Crashed, $"its report's outcome is {outcome} although no test failed, so the run stopped early ({exit})");
        if (report.Listed < report.Total)
            return From(suite, report, SuiteStatus.Crashed, $"its report declares {report.Total} tests but has results for {report.Listed}, so the run stopped early ({exit})");
        if (report.Total == 0 || (suite.Runner == TestRunner.Pytest && run.ExitCode == PytestNoTestsCollected))
            return From(suite, report, SuiteStatus.NoTests, $"discovered no test ({exit})");

        var unexplained = report.Total - report.Executed - report.Skipped.Count(s => s.Reason.Length > 0);
        if (unexplained > 0)
            return From(suite, report, SuiteStatus.TestsNotRun, $"executed {report.Executed} of its {report.Total} tests; {unexplained} did not run and gave no skip reason");
        if (report.Failed > 0)
            return From(suite, report, SuiteStatus.TestsFailed,
                $"{report.Failed} test(s) failed" + (run.ExitCode == TestsFailedExitCode ? "" : $" and {exit}"));
        if (run.ExitCode != 0)
            return From(suite, report, SuiteStatus.ExitCode, $"{exit} although its report shows no failure");
        return From(suite, report, SuiteStatus.Passed, null);
    }

    private static SuiteVerdict Broken(TestSuite suite, SuiteStatus status, string problem) => new(suite, status, 0, 0, [], problem);

    private static SuiteVerdict From(TestSuite suite, TestReport report, SuiteStatus status, string? problem) =>
        new(suite, status, report.Passed, report.Failed, report.Skipped, problem);
}
