namespace Wheelhouse.Engine.Tooling.TestSuites;

/// <summary>How a suite's run ended, as the table shows it; everything but <see cref="Passed"/> fails the build.</summary>
public enum SuiteStatus
{
    Passed,
    TestsFailed,
    Missing,
    NoReport,
    IncompleteReport,
    Crashed,
    NoTests,
    TestsNotRun,
    ExitCode,
}
