namespace Wheelhouse.Engine.Planning;

/// <summary>The target graph of one build invocation, as drawn by <see cref="PlanPage"/>.</summary>
public sealed record PlanGraph(IReadOnlyList<PlanNode> Nodes, IReadOnlyList<PlanEdge> Edges, string Invocation)
{
    /// <summary>Where else the targets run (CI workflows and their jobs), drawn below the graph.</summary>
    public IReadOnlyList<PlanPipeline> Pipelines { get; init; } = [];
}

/// <summary>One target. <paramref name="Order"/> is its 1-based position in the execution plan, if it is in the plan.</summary>
public sealed record PlanNode(string Name, string? Description, PlanNodeState State, string? SkipReason, int? Order, bool Invoked);

public enum PlanNodeState { Runs, Skipped, NotInPlan }

// DependsOn: From depends on To (To runs first). Ordering: From runs before To (Before/After). Triggers: From triggers To (To runs after From).
public enum EdgeKind { DependsOn, Ordering, Triggers }

public sealed record PlanEdge(string From, string To, EdgeKind Kind)
{
    /// <summary>The endpoint that runs first: the dependency for <see cref="EdgeKind.DependsOn"/>, otherwise <see cref="From"/>.</summary>
    public string Earlier => Kind == EdgeKind.DependsOn ? To : From;

    /// <summary>The endpoint that runs later.</summary>
    public string Later => Kind == EdgeKind.DependsOn ? From : To;
}
