using System.Text.RegularExpressions;
using Wheelhouse.Engine;

namespace Wheelhouse.GitHub.Releases;

/// <summary>A repository as GitHub names it: <c>owner/name</c>.</summary>
public sealed partial record GitHubRepositoryName(string Owner, string Name)
{
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
    private static partial Regex OwnerPattern();

    [GeneratedRegex(@"^[A-Za-z0-9._-]+$")]
    private static partial Regex NamePattern();

    // scheme://[userinfo@]host[:port]/path
    [GeneratedRegex(@"^(?<scheme>[A-Za-z][A-Za-z0-9+.-]*)://(?:(?<userinfo>[^@/]*)@)?(?<host>[^/:@]+)(?::\d*)?/(?<path>.*)$")]
    private static partial Regex UrlForm();

    // [user@]host:path, as scp and git write SSH remotes
    [GeneratedRegex(@"^(?:(?<user>[^@/:]+)@)?(?<host>[^/:@]+):(?<path>.+)$")]
    private static partial Regex ScpForm();

    public override string ToString() => $"{Owner}/{Name}";

    public static bool TryParse(string? text, out GitHubRepositoryName? repository)
    {
        repository = null;
        var parts = (text ?? "").Trim().Split('/');
        if (parts.Length != 2)
            return false;
        var name = parts[1].EndsWith(".git", StringComparison.OrdinalIgnoreCase) ? parts[1][..^4] : parts[1];
        if (!OwnerPattern().IsMatch(parts[0]) || !NamePattern().IsMatch(name) || name is "." or "..")
            return false;
        repository = new GitHubRepositoryName(parts[0], name);
        return true;
    }

    /// <summary>Parses <c>owner/name</c>; anything else is an error naming where the value came from.</summary>
    public static GitHubRepositoryName Parse(string text, string source) =>
        TryParse(text, out var repository)
            ? repository!
            : throw new BuildException($"{source} is '{text}', which is not a GitHub repository: give it as owner/name (e.g. octo-org/pytest-example).");

    /// <summary>
    /// The repository a git remote URL points at: https://host/owner/name(.git), ssh://git@host/owner/name.git,
    /// git@host:owner/name.git. Credentials in the URL are returned separately, so the caller can mask them; null when
    /// the URL has no owner/name path.
    /// </summary>
    public static RemoteRepository? FromRemoteUrl(string url)
    {
        url = url.Trim();
        string host, path;
        var credentials = new List<string>();
        if (UrlForm().Match(url) is { Success: true } full)
        {
            host = full.Groups["host"].Value;
            path = full.Groups["path"].Value;
            var scheme = full.Groups["scheme"].Value.ToLowerInvariant();
            if (full.Groups["userinfo"].Success && scheme is "http" or "https")
            {
                var userinfo = Uri.UnescapeDataString(full.Groups["userinfo"].Value);
                var colon = userinfo.IndexOf(':');
                if (colon >= 0 && colon < userinfo.Length - 1)
                    credentials.Add(userinfo[(colon + 1)..]);
                var user = colon >= 0 ? userinfo[..colon] : userinfo;
                if (LooksLikeToken(user))
                    credentials.Add(user);
            }
        }
        else if (!url.Contains("://", StringComparison.Ordinal) && ScpForm().Match(url) is { Success: true } scp)
        {
            host = scp.Groups["host"].Value;
            path = scp.Groups["path"].Value;
        }
        else
        {
            return null;
        }

        return TryParse(path.Trim('/'), out var repository) ? new RemoteRepository(repository!, host.ToLowerInvariant(), credentials) : null;
    }

    /// <summary>GitHub's token prefixes (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_): a user name that is really a token.</summary>
    private static bool LooksLikeToken(string user) =>
        user.StartsWith("github_pat_", StringComparison.Ordinal)
        || (user.Length > 4 && user.StartsWith("gh", StringComparison.Ordinal) && char.IsAsciiLetterLower(user[2]) && user[3] == '_');
}

/// <summary>What a git remote URL says: the repository, the host, and any credentials written into it (to be masked, never shown).</summary>
public sealed record RemoteRepository(GitHubRepositoryName Repository, string Host, IReadOnlyList<string> Credentials);
