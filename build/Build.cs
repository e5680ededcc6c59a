using Wheelhouse.Engine;

/// <summary>
/// The release build of the evalcheck pytest plugin, composed of the Wheelhouse components as NUKE composes
/// Nuke.Components (the targets' bodies and relations live there; <c>./build.sh --help</c> lists every target).
/// The CI workflows that run this road are in Build.Workflows.cs.
/// </summary>
/// <remarks>
/// The release road, in the order <c>./build.sh --plan PublishPyPI</c> shows it:
/// <list type="number">
/// <item><see cref="IVersioning.BumpVersion"/> (by hand, before the tag): the new version, CHANGELOG.md, plugin-api.json, a commit and the tag.</item>
/// <item><see cref="IPythonPackage.Clean"/>, then <see cref="IPythonPackage.Build"/>: the sdist and the wheel in dist/.</item>
/// <item><see cref="IWheelInspection.InspectWheel"/> and <see cref="IPluginApiGate.CheckPluginApi"/>: nothing is uploaded that fails a check,
/// or whose version bumps less than its plugin API changed.</item>
/// <item><see cref="IPublishing.PublishTestPyPI"/>, then <see cref="IPublishing.PublishPyPI"/> (after it, when both run): the same files.</item>
/// <item><see cref="IInstallVerification.VerifyInstall"/>, triggered by each publish: the release installs from the index just published to.</item>
/// <item><see cref="IGitHubRelease.GitHubRelease"/>: the notes, the files and their SHA256SUMS.</item>
/// </list>
/// <see cref="IPublishing.Rehearse"/>, the default target, runs the same road offline against a local index.
/// </remarks>
partial class Build : BuildBase,
    IPythonPackage, IVersioning, IWheelInspection, IPluginApiGate, IInstallVerification, IPublishing, IGitHubRelease,
    ILocalIndex, IGitHubWorkflows, ITestSuites, IPackages
{
    public static int Main() => Execute<Build>(x => x.From<IPublishing>().Rehearse);

    /// <summary>TrustedPublisher names this repository when neither --github-repository nor a github.com origin remote does.</summary>
    string IGitHubWorkflows.DefaultGitHubRepository => "evalcheck/evalcheck";
}
