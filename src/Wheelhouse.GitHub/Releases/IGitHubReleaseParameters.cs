using Wheelhouse.Engine;

namespace Wheelhouse.GitHub.Releases;

/// <summary>
/// The parameters of the GitHub release: the token, the repository and the API address. The engine matches
/// environment variables ignoring case and '_', so GitHub Actions' GITHUB_TOKEN (when a step passes it in),
/// GITHUB_REPOSITORY and GITHUB_API_URL set them without further wiring.
/// </summary>
public interface IGitHubReleaseParameters : IBuild
{
    [Parameter("GitHubRelease: a token that may write the repository's releases (contents: write). Inside GitHub Actions pass the workflow's GITHUB_TOKEN as the environment variable GITHUB_TOKEN.", Name = "GithubToken"), Secret]
    string? GitHubToken => TryGetValue(() => GitHubToken);

    [Parameter("GitHubRelease: the repository as owner/name. Default: GITHUB_REPOSITORY (set inside GitHub Actions), else the origin remote (https or ssh URL).", Name = "GithubRepository")]
    string? GitHubRepository => TryGetValue(() => GitHubRepository);

    [Parameter("GitHubRelease: the REST API's base address. Default: GITHUB_API_URL (set inside GitHub Actions), else https://api.github.com/ (GitHub Enterprise Server: https://HOST/api/v3).", Name = "GithubApiUrl")]
    string? GitHubApiUrl => TryGetValue(() => GitHubApiUrl);
}
