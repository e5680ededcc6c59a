using Wheelhouse.Engine.Tooling;

namespace Wheelhouse.GitHub.Releases;

/// <summary>The two questions GitHubRelease asks the local repository.</summary>
internal static class ReleaseGitQueries
{
    /// <summary>The URL of the origin remote; null when there is no git, no repository or no origin.</summary>
    public static Task<string?> OriginUrlAsync(string root, CancellationToken cancellationToken) =>
        Git.QueryAsync(root, ["remote", "get-url", "origin"], cancellationToken);

    /// <summary>The commit the local tag points at; null when the tag does not exist here.</summary>
    public static Task<string?> TagCommitAsync(string root, string tag, CancellationToken cancellationToken) =>
        Git.QueryAsync(root, ["rev-parse", "--verify", "--quiet", $"refs/tags/{tag}^{{commit}}"], cancellationToken);
}
