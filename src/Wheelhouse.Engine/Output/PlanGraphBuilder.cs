using Wheelhouse.Engine.Planning;

namespace Wheelhouse.Engine.Output;

/// <summary>The whole target graph with one invocation's plan laid over it, as the plan page draws it.</summary>
public static class PlanGraphBuilder
{
    public static PlanGraph Build(TargetGraph graph, ExecutionPlan plan, IReadOnlyList<PlanPipeline>? pipelines = null)
    {
        var steps = plan.Steps.ToDictionary(s => s.Target);
        var order = plan.Steps.Where(s => s.Runs).Select((s, i) => (s.Target, Position: i + 1)).ToDictionary(x => x.Target, x => x.Position);
        var nodes = graph.Targets.Select(t => new PlanNode(
            t.Name,
            t.Description,
            !steps.TryGetValue(t, out var step) ? PlanNodeState.NotInPlan : step.Runs ? PlanNodeState.Runs : PlanNodeState.Skipped,
            steps.GetValueOrDefault(t)?.SkipReason,
            order.TryGetValue(t, out var position) ? position : null,
            plan.Invoked.Contains(t))).ToList();

        var edges = new List<PlanEdge>();
        foreach (var target in graph.Targets)
        {
            edges.AddRange(target.ExecutionDependencies.Select(d => new PlanEdge(target.Name, d.Name, EdgeKind.DependsOn)));
            edges.AddRange(target.OrderDependencies.Select(d => new PlanEdge(d.Name, target.Name, EdgeKind.Ordering)));
            edges.AddRange(target.Triggers.Select(d => new PlanEdge(target.Name, d.Name, EdgeKind.Triggers)));
        }

        return new PlanGraph(nodes, edges, string.Join(' ', plan.Invoked.Select(t => t.Name))) { Pipelines = pipelines ?? [] };
    }
}
