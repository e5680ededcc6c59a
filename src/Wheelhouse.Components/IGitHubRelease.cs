using Wheelhouse.Engine;
using Wheelhouse.GitHub.Releases;

namespace Wheelhouse.Components;

/// <summary>The GitHub release for a tag: notes from the changelog with the plugin API's changes, the dist files, the API document and their SHA256SUMS.</summary>
public interface IGitHubRelease : IVersioning, IGitHubReleaseParameters
{
    Target GitHubRelease => _ => _
        .Description("Create or update the GitHub release of the version's tag (--tag-format): its CHANGELOG.md section and the plugin API changes as notes, the files in dist/, " +
            "the plugin API document and their SHA256SUMS as assets, pre-release for a/b/rc/dev versions. Reruns keep identical assets. Needs dist/ (the release workflow runs it with --skip)")
        .After<IPluginApiGate>(x => x.CheckPluginApi)
        .Requires(() => GitHubToken)
        .Executes(async cancellationToken => await ReleasePublisher.RunAsync(
            new GitHubReleaseRequest(RootDirectory, DistDirectory, TagFormat, GitHubToken!, GitHubRepository, GitHubApiUrl)
            {
                // CheckPluginApi's changes and document, else the committed plugin-api.json records (see ReleasePublisher).
                PluginApiDirectory = this is IPluginApiGate gate ? gate.PluginApiGateDirectory.ToString() : null,
                AddSecret = secret =>
                {
                    Context.Masker.Add(secret);
                    Context.Host.Mask(secret);
                },
            },
            cancellationToken));
}
