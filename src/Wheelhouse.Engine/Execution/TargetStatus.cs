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

    /// <summary>The wall-clock time the executor measured, when it did; targets that ran at once overlap in it.</summary>
    public TimeSpan? Elapsed { get; init; }

    /// <summary>How long the run took: <see cref="Elapsed"/> when measured, else the targets' durations added up.</summary>
    public TimeSpan Duration => Elapsed ?? Targets.Aggregate(TimeSpan.Zero, (sum, t) => sum + t.Duration);
}
