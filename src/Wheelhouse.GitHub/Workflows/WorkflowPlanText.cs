namespace Wheelhouse.GitHub.Workflows;

/// <summary>What <c>--plan</c> shows of a workflow: its jobs in order, the targets each runs, and what each job may do.</summary>
public static class WorkflowPlanText
{
    /// <param name="splitProblems">What <see cref="WorkflowSplit"/> found: shown under the table; none, and a --skip job says its split holds.</param>
    public static IReadOnlyList<string> Lines(Workflow workflow, IReadOnlyCollection<string> buildTargets, IReadOnlyList<string>? splitProblems = null)
    {
        var unknown = new SortedSet<string>(StringComparer.Ordinal);
        string Targets(Job job)
        {
            if (job.InvokedTargets.Count == 0)
                return "-";
            foreach (var target in job.InvokedTargets.Where(t => !buildTargets.Contains(t, StringComparer.OrdinalIgnoreCase)))
                unknown.Add(target);
            var names = job.InvokedTargets.Select(t => unknown.Contains(t) ? t + "?" : t);
            return string.Join(' ', job.SkipsDependencies ? names.Append("--skip") : names);
        }

        var rows = new List<string[]> { new[] { "job", "targets", "needs", "environment", "permissions", "artifacts and matrix" } };
        rows.AddRange(workflow.Jobs.Select(job => new[]
        {
            job.Id,
            Targets(job),
            job.Needs.Count > 0 ? string.Join(", ", job.Needs) : "-",
            job.Environment?.Name ?? "-",
            job.Permissions.ToString(),
            Extras(job),
        }));
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();

        var lines = new List<string> { $"Workflow {workflow.RelativePath} (on {string.Join(", ", workflow.Triggers.Select(t => t.EventName))}), jobs in order:" };
        lines.AddRange(rows.Select(row => "  " + string.Join("  ", row.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd()));
        if (unknown.Count > 0)
            lines.Add($"  ? not a target of this build: {string.Join(", ", unknown)}");
        if (splitProblems is { Count: > 0 })
            lines.AddRange(splitProblems.Select(p => $"  ! split: {p}"));
        else if (splitProblems != null && workflow.Jobs.Any(j => j.SkipsDependencies))
            lines.Add("  split checked: every target a --skip job skips ran in a job it needs, whose artifact it downloads");
        return lines;
    }

    private static string Extras(Job job) => Facts(job) is { Count: > 0 } facts ? string.Join("; ", facts) : "-";

    /// <summary>What a job hands on and how often it runs: artifacts, signing, matrix (also drawn on the plan page).</summary>
    internal static IReadOnlyList<string> Facts(Job job)
    {
        var parts = new List<string>();
        foreach (var step in job.Steps.OfType<ActionStep>())
        {
            string? With(string key) => step.With.FirstOrDefault(w => w.Key == key).Value as string;
            if (step.Action == PinnedActions.DownloadArtifact)
                parts.Add($"downloads {With("name")}");
            else if (step.Action == PinnedActions.UploadArtifact)
                parts.Add($"uploads {With("name")}");
            else if (step.Action == PinnedActions.Cache)
                parts.Add(step.If is { } condition ? $"NuGet cache if {condition}" : "NuGet cache");
            else if (step.Action == PinnedActions.AttestBuildProvenance)
                parts.Add($"attests {With("subject-path")}");
            else if (step.Action == PinnedActions.AttestAction)
                parts.Add($"signs {With("paths")} (PEP 740)");
        }

        if (job.Matrix is { } matrix)
        {
            var dimensions = new List<string>();
            if (matrix.Os.Count > 0)
                dimensions.Add($"{matrix.Os.Count} OS");
            if (matrix.Python.Count > 0)
                dimensions.Add($"{matrix.Python.Count} Python");
            parts.Add($"matrix {string.Join(" x ", dimensions)}");
        }

        return parts;
    }
}
