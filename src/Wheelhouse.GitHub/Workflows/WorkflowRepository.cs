using System.Text.RegularExpressions;

namespace Wheelhouse.GitHub.Workflows;

/// <summary>The github.com repository the workflows run in, as owner and name; <see cref="Source"/> says where the build learned it.</summary>
public sealed partial record WorkflowRepository(string Owner, string Name, string Source)
{
    public override string ToString() => $"{Owner}/{Name}";

    /// <summary><c>owner/name</c>, or null when the text is not of that shape.</summary>
    public static WorkflowRepository? Parse(string text, string source) =>
        OwnerAndName().Match(text.Trim()) is { Success: true } m ? new(m.Groups["owner"].Value, m.Groups["name"].Value, source) : null;

    /// <summary>The repository of a github.com remote (https, ssh or scp-like <c>git@github.com:owner/name.git</c>); null for any other host.</summary>
    public static WorkflowRepository? FromRemoteUrl(string url, string source) =>
        RemoteUrl().Match(url.Trim()) is { Success: true } m ? new(m.Groups["owner"].Value, m.Groups["name"].Value, source) : null;

    [GeneratedRegex(@"^(?<owner>[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)/(?<name>[A-Za-z0-9._-]+?)$")]
    private static partial Regex OwnerAndName();

    [GeneratedRegex(@"^(?:(?:https?|ssh|git)://(?:[^@/]+@)?github\.com(?::\d+)?/|(?:[^@/]+@)?github\.com:)(?<owner>[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)/(?<name>[A-Za-z0-9._-]+?)(?:\.git)?/?$", RegexOptions.IgnoreCase)]
    private static partial Regex RemoteUrl();
}
