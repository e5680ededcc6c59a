namespace Wheelhouse.GitHub.Workflows;

/// <summary>
/// Events a workflow can start on without further settings (NUKE's <c>On = [...]</c>). There is deliberately no
/// <c>pull_request_target</c>: it runs with the base repository's secrets on code from a fork.
/// </summary>
public enum GitHubActionsTrigger
{
    Push,
    PullRequest,
    WorkflowDispatch,
    MergeGroup,
}

public static class GitHubActionsTriggerExtensions
{
    /// <summary>The event's name under <c>on:</c>.</summary>
    public static string EventName(this GitHubActionsTrigger trigger) => trigger switch
    {
        GitHubActionsTrigger.Push => "push",
        GitHubActionsTrigger.PullRequest => "pull_request",
        GitHubActionsTrigger.WorkflowDispatch => "workflow_dispatch",
        GitHubActionsTrigger.MergeGroup => "merge_group",
        _ => throw new ArgumentOutOfRangeException(nameof(trigger), trigger, "not a trigger"),
    };
}
