using Wheelhouse.Engine;
using Wheelhouse.GitHub.Releases;

namespace Wheelhouse.Components;

/// <summary>The GitHub release for a tag: notes from the changelog, the dist files and their SHA256SUMS.</summary>
public interface IGitHubRelease : IVersioning, IGitHubReleaseParameters
{
    Target GitHubRelease => _ => _
        .Description("Create or update the GitHub release of the version's tag (--tag-format): its CHANGELOG.md section as notes, the files in dist/ and their SHA256SUMS " +
            "as assets, pre-release for a/b/rc/dev versions. Reruns keep identical assets. Needs dist/ (the release workflow runs it with --skip)")
        .Requires(() => GitHubToken)
        .Executes(async cancellationToken => await ReleasePublisher.RunAsync(
            new GitHubReleaseRequest(RootDirectory, DistDirectory, TagFormat, GitHubToken!, GitHubRepository, GitHubApiUrl)
            {
                AddSecret = secret =>
                {
                    Context.Masker.Add(secret);
                    Context.Host.Mask(secret);
                },
            },
            cancellationToken));
}
