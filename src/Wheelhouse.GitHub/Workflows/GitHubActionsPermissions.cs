namespace Wheelhouse.GitHub.Workflows;

/// <summary>
/// The scopes of the <c>GITHUB_TOKEN</c> a job can be granted: the whole list of GitHub's workflow schema
/// (<c>@actions/workflow-parser</c> 0.3.61). NUKE's name for the enum; <c>id-token</c> and <c>attestations</c> included.
/// </summary>
public enum GitHubActionsPermissions
{
    Actions,
    ArtifactMetadata,
    Attestations,
    Checks,
    CodeQuality,
    Contents,
    CopilotRequests,
    Deployments,
    Discussions,
    Drives,
    IdToken,
    Issues,
    Models,
    Packages,
    Pages,
    PullRequests,
    RepositoryProjects,
    SecurityEvents,
    Statuses,
    VulnerabilityAlerts,
}

/// <summary>How much of a scope a job gets. A job that names its permissions gets <see cref="None"/> for every scope it does not name.</summary>
public enum GitHubActionsAccess
{
    None,
    Read,
    Write,
}

public static class GitHubActionsPermissionsExtensions
{
    /// <summary>The scope's key under <c>permissions:</c>: <c>id-token</c>, <c>pull-requests</c>...</summary>
    public static string Key(this GitHubActionsPermissions scope) => scope switch
    {
        GitHubActionsPermissions.Actions => "actions",
        GitHubActionsPermissions.ArtifactMetadata => "artifact-metadata",
        GitHubActionsPermissions.Attestations => "attestations",
        GitHubActionsPermissions.Checks => "checks",
        GitHubActionsPermissions.CodeQuality => "code-quality",
        GitHubActionsPermissions.Contents => "contents",
        GitHubActionsPermissions.CopilotRequests => "copilot-requests",
        GitHubActionsPermissions.Deployments => "deployments",
        GitHubActionsPermissions.Discussions => "discussions",
        GitHubActionsPermissions.Drives => "drives",
        GitHubActionsPermissions.IdToken => "id-token",
        GitHubActionsPermissions.Issues => "issues",
        GitHubActionsPermissions.Models => "models",
        GitHubActionsPermissions.Packages => "packages",
        GitHubActionsPermissions.Pages => "pages",
        GitHubActionsPermissions.PullRequests => "pull-requests",
        GitHubActionsPermissions.RepositoryProjects => "repository-projects",
        GitHubActionsPermissions.SecurityEvents => "security-events",
        GitHubActionsPermissions.Statuses => "statuses",
        GitHubActionsPermissions.VulnerabilityAlerts => "vulnerability-alerts",
        _ => throw new ArgumentOutOfRangeException(nameof(scope), scope, "not a permission scope"),
    };

    /// <summary>The access levels GitHub accepts for a scope besides none: some scopes know only write, some only read.</summary>
    public static IReadOnlyList<GitHubActionsAccess> AllowedAccess(this GitHubActionsPermissions scope) => scope switch
    {
        GitHubActionsPermissions.IdToken or GitHubActionsPermissions.CopilotRequests => [GitHubActionsAccess.Write],
        GitHubActionsPermissions.Models or GitHubActionsPermissions.VulnerabilityAlerts => [GitHubActionsAccess.Read],
        _ => [GitHubActionsAccess.Read, GitHubActionsAccess.Write],
    };

    public static string Key(this GitHubActionsAccess access) => access switch
    {
        GitHubActionsAccess.None => "none",
        GitHubActionsAccess.Read => "read",
        GitHubActionsAccess.Write => "write",
        _ => throw new ArgumentOutOfRangeException(nameof(access), access, "not an access level"),
    };
}
