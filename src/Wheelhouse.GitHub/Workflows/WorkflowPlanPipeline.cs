using Wheelhouse.Engine.Planning;

namespace Wheelhouse.GitHub.Workflows;

/// <summary>A workflow as the plan page draws it: its jobs, the targets each runs, needs, environments and permissions.</summary>
public static class WorkflowPlanPipeline
{
    public static PlanPipeline From(Workflow workflow) => new(
        workflow.RelativePath,
        "on " + string.Join(", ", workflow.Triggers.Select(Describe)),
        workflow.Jobs.Select(job => new PlanJob(
            job.Id,
            job.InvokedTargets,
            job.SkipsDependencies,
            job.Needs,
            job.Environment?.Name,
            job.Permissions.Entries.Select(Text).ToList(),
            job.Permissions.Entries.Where(CanObtainCredentials).Select(Text).ToList(),
            WorkflowPlanText.Facts(job))).ToList());

    /// <summary>An OIDC token is a credential: PyPI mints an upload token for it, Sigstore a signing certificate.</summary>
    private static bool CanObtainCredentials(KeyValuePair<GitHubActionsPermissions, GitHubActionsAccess> entry) =>
        entry is { Key: GitHubActionsPermissions.IdToken, Value: GitHubActionsAccess.Write };

    private static string Text(KeyValuePair<GitHubActionsPermissions, GitHubActionsAccess> entry) => $"{entry.Key.Key()}: {entry.Value.Key()}";

    private static string Describe(WorkflowTrigger trigger) => trigger switch
    {
        PushTrigger push => "push" + Filter("branches", push.Branches) + Filter("tags", push.Tags),
        PullRequestTrigger pull => "pull_request" + Filter("branches", pull.Branches),
        ScheduleTrigger schedule => $"schedule ({schedule.Cron})",
        _ => trigger.EventName,
    };

    private static string Filter(string what, IReadOnlyList<string> patterns) =>
        patterns.Count == 0 ? "" : $" ({what} {string.Join(", ", patterns)})";
}
