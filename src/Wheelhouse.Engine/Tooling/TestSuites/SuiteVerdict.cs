namespace Wheelhouse.Engine.Tooling.TestSuites;

/// <summary>One suite's counts and status, and what went wrong in words when it did not pass.</summary>
public sealed record SuiteVerdict(TestSuite Suite, SuiteStatus Status, int Passed, int Failed, IReadOnlyList<SkippedTest> Skipped, string? Problem)
{
    public bool Succeeded => Status == SuiteStatus.Passed;

    /// <summary>A suite that did not pass counts at least one failure, so the totals never look better than the run.</summary>
    public TestTotals Totals => new(Passed, Succeeded ? Failed : Math.Max(Failed, 1), Skipped.Count);

    /// <summary>The status as the table shows it.</summary>
    public string StatusText => Status switch
    {
        SuiteStatus.Passed => "passed",
        SuiteStatus.TestsFailed => "failed",
        SuiteStatus.Missing => "missing",
        SuiteStatus.NoReport => "no report",
        SuiteStatus.IncompleteReport => "incomplete report",
        SuiteStatus.Crashed => "crashed",
        SuiteStatus.NoTests => "no tests",
        SuiteStatus.TestsNotRun => "tests not run",
        SuiteStatus.ExitCode => "exit code",
        _ => Status.ToString(),
    };
}
