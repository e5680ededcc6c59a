namespace Wheelhouse.Engine;

/// <summary>What happens to a target's dependencies when the target itself is skipped before the run.</summary>
public enum DependencyBehavior
{
    /// <summary>Dependencies that no other running target needs are skipped too (the default).</summary>
    Skip,

    /// <summary>Dependencies run anyway.</summary>
    Execute,
}
