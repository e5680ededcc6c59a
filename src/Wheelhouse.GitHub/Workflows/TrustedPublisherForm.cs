using System.Text;

namespace Wheelhouse.GitHub.Workflows;

/// <summary>An index that trusts a GitHub workflow to publish (PyPI, TestPyPI): its name, its base URL, and the build target that publishes to it.</summary>
public sealed record PublisherIndex(string Name, Uri BaseUrl, string PublishTarget);

/// <summary>
/// What to type into an index's trusted publisher form, read from the same workflows the files are generated from:
/// the owner and repository, the workflow file, and the environment of the job that runs the publish target. A
/// renamed workflow file or environment is the usual cause of a 403 when minting a token.
/// </summary>
public static class TrustedPublisherForm
{
    public static string Render(string project, WorkflowRepository repository, IReadOnlyList<Workflow> workflows, IReadOnlyList<PublisherIndex> indexes)
    {
        var text = new StringBuilder();
        text.Append("Trusted publishers for ").Append(project).Append(" in ").Append(repository).Append(" (repository from ").Append(repository.Source)
            .Append("; workflows from ").Append(WorkflowTargets.Source).Append(")\n");
        foreach (var index in indexes)
        {
            var publishers = workflows
                .SelectMany(w => w.Jobs.Where(j => j.InvokedTargets.Contains(index.PublishTarget, StringComparer.OrdinalIgnoreCase)).Select(j => (Workflow: w, Job: j)))
                .ToList();
            text.Append('\n').Append(index.Name).Append('\n');
            if (publishers.Count == 0)
            {
                text.Append("  No workflow job runs ").Append(index.PublishTarget).Append(", so there is nothing to trust on ").Append(index.Name).Append(".\n");
                continue;
            }

            text.Append("  Existing project: ").Append(new Uri(index.BaseUrl, $"manage/project/{project}/settings/publishing/")).Append('\n');
            text.Append("  New project (pending publisher, also asks for the PyPI project name \"").Append(project).Append("\"): ")
                .Append(new Uri(index.BaseUrl, "manage/account/publishing/")).Append('\n');
            text.Append("  Publisher: GitHub\n");
            foreach (var (workflow, job) in publishers)
            {
                if (publishers.Count > 1)
                    text.Append("  for job ").Append(job.Id).Append(":\n");
                text.Append("    Owner:            ").Append(repository.Owner).Append('\n');
                text.Append("    Repository name:  ").Append(repository.Name).Append('\n');
                text.Append("    Workflow name:    ").Append(workflow.FileName).Append('\n');
                text.Append("    Environment name: ").Append(job.Environment?.Name ?? "(none: the job has no environment; add one, any workflow run could publish)").Append('\n');
            }
        }

        var publishing = workflows
            .SelectMany(w => w.Jobs.Where(j => indexes.Any(i => j.InvokedTargets.Contains(i.PublishTarget, StringComparer.OrdinalIgnoreCase))).Select(j => (Workflow: w, Job: j)))
            .ToList();
        var environments = publishing.Select(p => p.Job.Environment?.Name).OfType<string>().Distinct().ToList();
        var tags = publishing.SelectMany(p => p.Workflow.Triggers.OfType<PushTrigger>()).SelectMany(t => t.Tags).Distinct().ToList();
        if (environments.Count > 0)
        {
            text.Append("\nOn GitHub, create the environment").Append(environments.Count > 1 ? "s " : " ").Append(string.Join(" and ", environments))
                .Append(" at https://github.com/").Append(repository).Append("/settings/environments");
            var each = environments.Count > 1 ? "each " : "";
            text.Append(tags.Count > 0 ? $", {each}with required reviewers and deployments allowed only from the tags {string.Join(", ", tags)}.\n" : $", {each}with required reviewers.\n");
        }
        return text.ToString();
    }
}
