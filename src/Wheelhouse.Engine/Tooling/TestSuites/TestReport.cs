namespace Wheelhouse.Engine.Tooling.TestSuites;

/// <summary>
/// What a runner's report says, in one shape for TRX and JUnit: the number of tests it declares, how many it says it
/// executed, the results it lists, the run's own outcome (TRX only) and why the run was aborted, if it says so.
/// </summary>
public sealed record TestReport(int Total, int Executed, int Passed, int Failed, IReadOnlyList<SkippedTest> Skipped, string? Outcome, string? AbortReason)
{
    /// <summary>How many results the report lists, one per test.</summary>
    public int Listed => Passed + Failed + Skipped.Count;
}
