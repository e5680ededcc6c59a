namespace Wheelhouse.Engine.Planning;

/// <summary>A target with its relations resolved to other targets: what the planner and the executor work on.</summary>
public sealed class ExecutableTarget(string name, int declarationIndex)
{
    public string Name { get; } = name;

    /// <summary>Position among the build's targets; breaks ties so plans are deterministic.</summary>
    public int DeclarationIndex { get; } = declarationIndex;

    public string? Description { get; init; }
    public IReadOnlyList<Func<CancellationToken, Task>> Actions { get; init; } = [];

    /// <summary>Targets that must run first and join the plan (DependsOn, and DependentFor declared on the other side).</summary>
    public List<ExecutableTarget> ExecutionDependencies { get; } = [];

    /// <summary>Targets that, when planned, run first (After, and Before declared on the other side).</summary>
    public List<ExecutableTarget> OrderDependencies { get; } = [];

    /// <summary>Targets that join the plan after this one (Triggers, and TriggeredBy declared on the other side).</summary>
    public List<ExecutableTarget> Triggers { get; } = [];

    public IReadOnlyList<Condition> StaticConditions { get; init; } = [];
    public IReadOnlyList<Condition> DynamicConditions { get; init; } = [];
    public IReadOnlyList<Requirement> Requirements { get; init; } = [];
    public DependencyBehavior SkipBehavior { get; init; } = DependencyBehavior.Skip;
    public bool ProceedAfterFailure { get; init; }
    public bool AssuredAfterFailure { get; init; }
    public bool Listed { get; init; } = true;

    public override string ToString() => Name;
}
