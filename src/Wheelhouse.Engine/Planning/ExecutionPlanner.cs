namespace Wheelhouse.Engine.Planning;

/// <summary>
/// Turns invoked targets into an ordered plan. Dependencies and triggers pull targets in; Before/After only
/// order what is already in. Ties break by invocation order, then declaration order, so plans are deterministic.
/// Static conditions and --skip mark targets skipped; dependencies only skipped targets needed are skipped too.
/// </summary>
public static class ExecutionPlanner
{
    public static ExecutionPlan Plan(TargetGraph graph, IReadOnlyList<string> invokedNames, SkipRequest skip)
    {
        var invoked = invokedNames.Select(graph.Get).Distinct().ToList();
        var included = Include(invoked);
        var ordered = Order(graph, invoked, included);

        var reasons = new Dictionary<ExecutableTarget, string>();
        foreach (var name in skip.Names)
            reasons[graph.Get(name)] = "named in --skip";
        if (skip.AllDependencies)
        {
            foreach (var target in ordered.Where(t => !invoked.Contains(t)))
                reasons[target] = "not invoked, and --skip skips dependencies";
        }

        foreach (var target in ordered.Where(t => !reasons.ContainsKey(t)))
        {
            var failed = target.StaticConditions.FirstOrDefault(c => !c.Evaluate());
            if (failed != null)
                reasons[target] = $"condition false: {failed.Reason}";
        }

        CascadeSkips(ordered, invoked, reasons);
        var steps = ordered.Select(t => new PlannedTarget(t, reasons.GetValueOrDefault(t), invoked.Contains(t))).ToList();
        return new ExecutionPlan(steps, invoked);
    }

    private static HashSet<ExecutableTarget> Include(IEnumerable<ExecutableTarget> invoked)
    {
        var included = new HashSet<ExecutableTarget>();
        var pending = new Stack<ExecutableTarget>(invoked);
        while (pending.Count > 0)
        {
            var target = pending.Pop();
            if (!included.Add(target))
                continue;
            foreach (var next in target.ExecutionDependencies.Concat(target.Triggers))
                pending.Push(next);
        }

        return included;
    }

    /// <summary>Depth-first, visiting what each target must run after first; the graph is known to be acyclic.</summary>
    private static List<ExecutableTarget> Order(TargetGraph graph, List<ExecutableTarget> invoked, HashSet<ExecutableTarget> included)
    {
        var ordered = new List<ExecutableTarget>();
        var visited = new HashSet<ExecutableTarget>();

        void Visit(ExecutableTarget target)
        {
            if (!visited.Add(target))
                return;
            foreach (var (earlier, _) in CycleCheck.Predecessors(target, graph.Targets))
            {
                if (included.Contains(earlier))
                    Visit(earlier);
            }

            ordered.Add(target);
        }

        foreach (var target in invoked.Concat(included.OrderBy(t => t.DeclarationIndex)))
            Visit(target);
        return ordered;
    }

    /// <summary>
    /// A target stays in the run when an invoked target reaches it through dependencies or triggers of
    /// targets that run (or of skipped targets that chose <see cref="DependencyBehavior.Execute"/>).
    /// </summary>
    private static void CascadeSkips(List<ExecutableTarget> ordered, List<ExecutableTarget> invoked, Dictionary<ExecutableTarget, string> reasons)
    {
        var reached = new HashSet<ExecutableTarget>();
        var pending = new Stack<ExecutableTarget>(invoked);
        while (pending.Count > 0)
        {
            var target = pending.Pop();
            if (!reached.Add(target))
                continue;
            if (!reasons.ContainsKey(target))
            {
                foreach (var next in target.ExecutionDependencies.Concat(target.Triggers))
                    pending.Push(next);
            }
            else if (target.SkipBehavior == DependencyBehavior.Execute)
            {
                foreach (var next in target.ExecutionDependencies)
                    pending.Push(next);
            }
        }

        foreach (var target in ordered.Where(t => !reached.Contains(t) && !reasons.ContainsKey(t)))
        {
            var users = ordered.Where(u => u.ExecutionDependencies.Contains(target) || u.Triggers.Contains(target))
                .Select(u => u.Name);
            reasons[target] = $"only needed by skipped {string.Join(", ", users)}";
        }
    }
}
