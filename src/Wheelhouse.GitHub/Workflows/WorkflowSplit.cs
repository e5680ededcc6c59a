using Wheelhouse.Engine.Planning;

namespace Wheelhouse.GitHub.Workflows;

/// <summary>
/// Checks how a workflow splits the build across jobs against the target graph: a job that runs its targets with
/// <c>--skip</c> skips their dependencies (Clean, Build, ...), so each of them must have run in a job it needs
/// (directly or through others) whose artifact (dist/) this job downloads; otherwise the job works on files nobody
/// made. Only DependsOn counts: a target's triggers run after it, they are no input. A pure check, run by
/// CheckWorkflows, GenerateWorkflows and <c>--plan</c>.
/// </summary>
public static class WorkflowSplit
{
    /// <summary>One message per job and skipped target that no upstream job hands over; empty when the split holds.</summary>
    public static IReadOnlyList<string> Problems(Workflow workflow, TargetGraph graph)
    {
        var problems = new List<string>();
        foreach (var job in workflow.Jobs.Where(j => j.SkipsDependencies))
        {
            // Unknown target names are reported by the unknown-target check; here they have nothing to skip.
            var invoked = job.InvokedTargets.Select(graph.Find).OfType<ExecutableTarget>().ToList();
            var skipped = Closure(invoked, t => t.ExecutionDependencies).Except(invoked).OrderBy(t => t.DeclarationIndex);
            var ancestors = Ancestors(workflow, job);
            var command = $"{string.Join(' ', job.InvokedTargets)} --skip";
            foreach (var target in skipped)
            {
                var ranIn = ancestors.Where(a => Runs(a, graph).Contains(target)).ToList();
                if (ranIn.Any(a => a.ProducesArtifact is { } produced && produced == job.ConsumesArtifact))
                    continue;
                var where = $"{workflow.RelativePath}: job '{job.Id}' runs {command}, which skips {target.Name}";
                if (ranIn.Count == 0)
                {
                    problems.Add($"{where}, but no job '{job.Id}' needs (directly or through others) runs {target.Name}. " +
                        $"Run it in an upstream job that produces an artifact '{job.Id}' consumes, or drop SkipDependencies from '{job.Id}'.");
                    continue;
                }

                var source = ranIn[0];
                var handOver = source.ProducesArtifact is { } artifact
                    ? $"job '{source.Id}' runs {target.Name} and uploads '{artifact}', but '{job.Id}' {(job.ConsumesArtifact is { } c ? $"downloads '{c}'" : "downloads no artifact")}. Add ConsumesArtifact = \"{artifact}\" to '{job.Id}'."
                    : $"job '{source.Id}' runs {target.Name} but uploads no artifact for '{job.Id}'. Give '{source.Id}' ProducesArtifact and '{job.Id}' ConsumesArtifact.";
                problems.Add($"{where}, and its output does not reach it: {handOver}");
            }
        }

        return problems;
    }

    /// <summary>The targets a job runs: the invoked ones, and with no --skip their dependencies and triggers too.</summary>
    private static HashSet<ExecutableTarget> Runs(Job job, TargetGraph graph)
    {
        var invoked = job.InvokedTargets.Select(graph.Find).OfType<ExecutableTarget>().ToList();
        return job.SkipsDependencies ? invoked.ToHashSet() : Closure(invoked, t => t.ExecutionDependencies.Concat(t.Triggers));
    }

    private static HashSet<ExecutableTarget> Closure(IEnumerable<ExecutableTarget> start, Func<ExecutableTarget, IEnumerable<ExecutableTarget>> next)
    {
        var seen = new HashSet<ExecutableTarget>();
        var pending = new Stack<ExecutableTarget>(start);
        while (pending.TryPop(out var target))
        {
            if (seen.Add(target))
                foreach (var other in next(target))
                    pending.Push(other);
        }

        return seen;
    }

    /// <summary>The jobs a job needs, directly or through others, in workflow order.</summary>
    private static List<Job> Ancestors(Workflow workflow, Job job)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(job.Needs);
        while (pending.TryPop(out var id))
        {
            if (ids.Add(id) && workflow.FindJob(id) is { } needed)
                foreach (var need in needed.Needs)
                    pending.Push(need);
        }

        return workflow.Jobs.Where(j => ids.Contains(j.Id)).ToList();
    }
}
