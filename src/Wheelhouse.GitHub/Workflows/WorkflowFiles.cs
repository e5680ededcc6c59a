using Wheelhouse.Engine;

namespace Wheelhouse.GitHub.Workflows;

/// <summary>A workflow file whose content is not what the attributes generate; <see cref="Committed"/> is null when the file is missing.</summary>
public sealed record StaleWorkflow(string RelativePath, string? Committed, string Generated);

/// <summary>The generated workflow files under a repository root: writing them, and finding the ones that differ.</summary>
public static class WorkflowFiles
{
    public static AbsolutePath PathOf(AbsolutePath root, Workflow workflow) => root / Workflow.Directory / workflow.FileName;

    /// <summary>Writes the files that differ (each atomically: old content or new, never half); returns their relative paths.</summary>
    public static IReadOnlyList<string> Write(AbsolutePath root, IReadOnlyList<Workflow> workflows)
    {
        var written = new List<string>();
        foreach (var stale in Compare(root, workflows))
        {
            AtomicFile.WriteAllText(root / stale.RelativePath, stale.Generated);
            written.Add(stale.RelativePath);
        }

        return written;
    }

    /// <summary>
    /// The workflows whose file is missing or differs from the generated text. Line ends do not count (a Windows
    /// checkout may turn LF into CRLF); everything else does, comments and spacing included.
    /// </summary>
    public static IReadOnlyList<StaleWorkflow> Compare(AbsolutePath root, IReadOnlyList<Workflow> workflows)
    {
        var stale = new List<StaleWorkflow>();
        foreach (var workflow in workflows)
        {
            var generated = WorkflowYaml.Text(workflow);
            var path = PathOf(root, workflow);
            var committed = path.FileExists() ? File.ReadAllText(path) : null;
            if (committed?.Replace("\r\n", "\n") != generated)
                stale.Add(new StaleWorkflow(workflow.RelativePath, committed, generated));
        }

        return stale;
    }
}
