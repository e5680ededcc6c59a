namespace Wheelhouse.Engine.Tooling;

/// <summary>Counts of a test run over one or more suites.</summary>
public sealed record TestTotals(int Passed, int Failed, int Skipped)
{
    public static TestTotals None { get; } = new(0, 0, 0);

    public static TestTotals operator +(TestTotals a, TestTotals b) => new(a.Passed + b.Passed, a.Failed + b.Failed, a.Skipped + b.Skipped);

    /// <summary>The closing line CI reads: "12 passed, 0 failed, 1 skipped".</summary>
    public override string ToString() => $"{Passed} passed, {Failed} failed, {Skipped} skipped";
}
