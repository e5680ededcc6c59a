using Wheelhouse.Components;
using Wheelhouse.Engine;
using Wheelhouse.GitHub.Workflows;
using static Wheelhouse.GitHub.Workflows.GitHubActionsImage;
using static Wheelhouse.GitHub.Workflows.GitHubActionsPermissions;

/// <summary>
/// The release build of the pytest plugin WHEELHOUSE_PACKAGE_NAME. Its targets come from the Wheelhouse components it
/// composes, as with NUKE's Nuke.Components: run <c>./build.sh --help</c> to list them, <c>./build.sh --plan</c> to
/// see the road. The attributes below describe the GitHub Actions workflows: after editing them, run
/// <c>./build.sh GenerateWorkflows</c> and commit .github/workflows.
/// </summary>
// Checks: every push to WHEELHOUSE_BRANCH and every pull request builds, inspects and installs the plugin, and checks that
// the committed workflows are what these attributes generate.
[GitHubActions("wheelhouse", UbuntuLatest,
    OnPushBranches = ["WHEELHOUSE_BRANCH"],
    OnPullRequestBranches = ["WHEELHOUSE_BRANCH"],
    InvokedTargets = [nameof(IGitHubWorkflows.CheckWorkflows), nameof(IWheelInspection.InspectWheel), nameof(IInstallVerification.VerifyInstall)],
    PythonVersion = "3.12",
    SetupCommands = ["python -m pip install build==1.2.2.post1"],
    ReadPermissions = [Contents],
    // A version from git tags (setuptools-scm, hatch-vcs, ...) needs the whole history.
    FetchDepth = 0,
    TimeoutMinutes = 30,
    ConcurrencyGroup = "wheelhouse-${{ github.ref }}",
    ConcurrencyCancelInProgress = true)]
// Release, on a version tag: build once, attest, publish the same files to TestPyPI then PyPI (trusted publishing,
// one environment each) and verify each upload installs from its index (the publish triggers VerifyInstall; --skip would
// skip it, so the jobs name it), prove the release installs from PyPI everywhere, then make the GitHub release.
// Only the attest and publish jobs get an OIDC token; no job gets more than it needs; runs of one tag queue.
[GitHubActions("release", UbuntuLatest,
    OnPushTags = ["v*"],
    FetchDepth = 0,
    TimeoutMinutes = 30,
    ConcurrencyGroup = "release-${{ github.ref }}",
    ConcurrencyCancelInProgress = false)]
[GitHubActionsJob("release", "build",
    // Everything the publish jobs skip (--skip) runs here, the plugin API gate too (CheckWorkflows checks the split).
    InvokedTargets = [nameof(IWheelInspection.InspectWheel), nameof(IPluginApiGate.CheckPluginApi)],
//#if (HasRepository)
    // Forks have the tags too, but only WHEELHOUSE_REPOSITORY publishes: elsewhere the whole release is skipped.
    If = "github.repository == 'WHEELHOUSE_REPOSITORY'",
//#endif
    PythonVersion = "3.12",
    SetupCommands = ["python -m pip install build==1.2.2.post1"],
    ProducesArtifact = "dist",
    ReadPermissions = [Contents])]
[GitHubActionsJob("release", "attest", Needs = ["build"],
    ConsumesArtifact = "dist",
    AttestBuildProvenance = true,
    WritePermissions = [IdToken, Attestations])]
[GitHubActionsJob("release", "publish-testpypi", Needs = ["build", "attest"],
    InvokedTargets = [nameof(IPublishing.PublishTestPyPI), nameof(IInstallVerification.VerifyInstall)], SkipDependencies = true,
    ConsumesArtifact = "dist", PythonVersion = "3.12", PythonParameter = nameof(IInstallVerification.VerifyPython),
    EnvironmentName = "testpypi", EnvironmentUrl = "https://test.pypi.org/p/WHEELHOUSE_PACKAGE_NAME",
    WritePermissions = [IdToken])]
[GitHubActionsJob("release", "publish-pypi", Needs = ["publish-testpypi"],
    InvokedTargets = [nameof(IPublishing.PublishPyPI), nameof(IInstallVerification.VerifyInstall)], SkipDependencies = true,
    ConsumesArtifact = "dist", PythonVersion = "3.12", PythonParameter = nameof(IInstallVerification.VerifyPython),
    EnvironmentName = "pypi", EnvironmentUrl = "https://pypi.org/p/WHEELHOUSE_PACKAGE_NAME",
    WritePermissions = [IdToken])]
[GitHubActionsJob("release", "verify", Needs = ["publish-pypi"],
    InvokedTargets = [nameof(IInstallVerification.VerifyInstall)], SkipDependencies = true, Arguments = "--verify-index-url https://pypi.org/simple/",
    // --skip skips Build: the version to install is read from the dist/ the build job made (CheckWorkflows checks the split).
    ConsumesArtifact = "dist",
    MatrixOs = [UbuntuLatest, MacOsLatest, WindowsLatest],
    MatrixPython = ["3.10", "3.11", "3.12", "3.13"], PythonParameter = nameof(IInstallVerification.VerifyPython),
    ReadPermissions = [Contents])]
[GitHubActionsJob("release", "github-release", Needs = ["verify"],
    InvokedTargets = [nameof(IGitHubRelease.GitHubRelease)], SkipDependencies = true,
    ConsumesArtifact = "dist",
    ImportSecrets = ["GITHUB_TOKEN"],
    WritePermissions = [Contents])]
class Build : BuildBase, IPythonPackage, IVersioning, IWheelInspection, IInstallVerification, ILocalIndex, IPublishing, IGitHubWorkflows, IGitHubRelease
{
    /// <summary>./build.sh with no target: the whole release rehearsed offline (build, inspect, publish to a local index, install).</summary>
    public static int Main() => Execute<Build>(x => x.From<IPublishing>().Rehearse);
}
