namespace Wheelhouse.Engine.Planning;

/// <summary>Finds a cycle in the "must run after" relation of all targets and names it.</summary>
internal static class CycleCheck
{
    /// <summary>What a target must run after: its dependencies, its After targets, and whatever triggers it.</summary>
    public static IEnumerable<(ExecutableTarget Target, string Relation)> Predecessors(
        ExecutableTarget target, IEnumerable<ExecutableTarget> all)
    {
        foreach (var dependency in target.ExecutionDependencies)
            yield return (dependency, "depends on");
        foreach (var earlier in target.OrderDependencies)
            yield return (earlier, "runs after");
        foreach (var triggerer in all.Where(t => t.Triggers.Contains(target)))
            yield return (triggerer, "is triggered by");
    }

    public static void ThrowIfCyclic(IReadOnlyList<ExecutableTarget> targets)
    {
        var state = new Dictionary<ExecutableTarget, int>(); // 1 = on the path, 2 = done
        var path = new List<(ExecutableTarget Target, string Relation)>();

        void Visit(ExecutableTarget target, string relation)
        {
            state[target] = 1;
            path.Add((target, relation));
            foreach (var (next, nextRelation) in Predecessors(target, targets))
            {
                var seen = state.GetValueOrDefault(next);
                if (seen == 1)
                    throw new BuildException(Describe(path, next, nextRelation));
                if (seen == 0)
                    Visit(next, nextRelation);
            }

            path.RemoveAt(path.Count - 1);
            state[target] = 2;
        }

        foreach (var target in targets)
        {
            if (!state.ContainsKey(target))
                Visit(target, "");
        }
    }

    private static string Describe(List<(ExecutableTarget Target, string Relation)> path, ExecutableTarget closing, string closingRelation)
    {
        var start = path.FindIndex(p => p.Target == closing);
        var cycle = path.Skip(start).ToList();
        var text = cycle[0].Target.Name;
        for (var i = 1; i < cycle.Count; i++)
            text += $" {cycle[i].Relation} {cycle[i].Target.Name}";
        text += $" {closingRelation} {closing.Name}";
        return $"The targets form a cycle: {text}. Remove one of these relations (DependsOn, After/Before or Triggers) so the targets can be ordered.";
    }
}
