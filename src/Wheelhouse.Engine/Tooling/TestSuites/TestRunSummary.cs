namespace Wheelhouse.Engine.Tooling.TestSuites;

/// <summary>The verdicts of every suite of a run: their totals, and the error that names each suite that did not pass.</summary>
public sealed record TestRunSummary(IReadOnlyList<SuiteVerdict> Verdicts)
{
    public TestTotals Totals => Verdicts.Aggregate(TestTotals.None, (sum, v) => sum + v.Totals);

    public bool Succeeded => Verdicts.All(v => v.Succeeded);

    /// <summary>Null when every suite passed; otherwise one line naming the suites, then one line per suite saying what happened.</summary>
    public string? FailureMessage(string resultsDirectory)
    {
        var failed = Verdicts.Where(v => !v.Succeeded).ToList();
        if (failed.Count == 0)
            return null;
        var lines = failed.Select(v => $"  {v.Suite.Name}: {v.Problem}");
        return $"{failed.Count} test suite(s) did not pass: {string.Join(", ", failed.Select(v => v.Suite.Name))}.{Environment.NewLine}"
            + string.Join(Environment.NewLine, lines) + Environment.NewLine
            + $"See the output above and the reports in {resultsDirectory}.";
    }
}
