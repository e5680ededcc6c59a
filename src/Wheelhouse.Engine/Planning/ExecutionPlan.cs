namespace Wheelhouse.Engine.Planning;

/// <summary>One target in a plan: runs unless it has a skip reason.</summary>
public sealed record PlannedTarget(ExecutableTarget Target, string? SkipReason, bool Invoked)
{
    public bool Runs => SkipReason is null;
}

/// <summary>The targets of one invocation in the order they run, with the ones skipped before the run.</summary>
public sealed record ExecutionPlan(IReadOnlyList<PlannedTarget> Steps, IReadOnlyList<ExecutableTarget> Invoked)
{
    public IEnumerable<ExecutableTarget> Running => Steps.Where(s => s.Runs).Select(s => s.Target);
}
