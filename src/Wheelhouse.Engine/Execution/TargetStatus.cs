namespace Wheelhouse.Engine.Execution;

public enum TargetStatus
{
    Succeeded,
    Failed,
    Skipped,
    NotRun,
}

/// <summary>How one target ended, how long it took and why (for skipped, failed and not-run targets).</summary>
public sealed record TargetResult(string Name, TargetStatus Status, TimeSpan Duration, string? Reason);

/// <summary>The outcome of a whole run.</summary>
public sealed record BuildResult(IReadOnlyList<TargetResult> Targets, bool Cancelled)
{
    public bool Succeeded => !Cancelled && Targets.All(t => t.Status is TargetStatus.Succeeded or TargetStatus.Skipped);

    public TimeSpan Duration => Targets.Aggregate(TimeSpan.Zero, (sum, t) => sum + t.Duration);
}
