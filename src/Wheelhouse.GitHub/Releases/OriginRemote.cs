namespace Wheelhouse.GitHub.Releases;

/// <summary>The repository the project's origin remote points at, for the defaults that name the project's own repository.</summary>
public static class OriginRemote
{
    /// <summary>
    /// owner/name and host of the origin remote of the git repository at <paramref name="root"/> (https, ssh or scp-like URLs, any host);
    /// null when there is no git, no repository, no origin, or a URL without owner/name (a local path). Credentials written into the URL
    /// go to <paramref name="protectSecret"/> first; the URL itself is never logged.
    /// </summary>
    public static async Task<RemoteRepository?> FindAsync(string root, Action<string>? protectSecret = null, CancellationToken cancellationToken = default)
    {
        if (await ReleaseGitQueries.OriginUrlAsync(root, cancellationToken) is not { } url)
            return null;
        var remote = GitHubRepositoryName.FromRemoteUrl(url);
        foreach (var credential in remote?.Credentials ?? [])
            protectSecret?.Invoke(credential);
        return remote;
    }
}
