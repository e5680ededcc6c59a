using Wheelhouse.GitHub.Workflows;
using static Wheelhouse.GitHub.Workflows.GitHubActionsImage;
using static Wheelhouse.GitHub.Workflows.GitHubActionsPermissions;

// The GitHub Actions workflows, generated from these attributes (./build.sh GenerateWorkflows; CheckWorkflows fails when the
// committed files differ). Targets are named with nameof: a renamed target is a compile error here, not a broken workflow.

// CI: every push to main and every pull request builds, inspects, runs every test suite and checks that the
// committed workflows are what these attributes generate.
[GitHubActions("ci", UbuntuLatest,
    OnPushBranches = ["main"],
    OnPullRequestBranches = ["main"],
    InvokedTargets = [nameof(IGitHubWorkflows.CheckWorkflows), nameof(IWheelInspection.InspectWheel), nameof(ITestSuites.Test)],
    ReadPermissions = [Contents],
    // The runner is not root, and the build never uses sudo by itself: the workflow installs the Debian packages;
    // the Test target's TestTools does the rest (dotnet tool restore, npm ci).
    SetupCommands = ["sudo apt-get update -qq && sudo apt-get install -y -qq " + ITestToolchain.DebianPackages],
    TimeoutMinutes = 60,
    ConcurrencyGroup = "ci-${{ github.ref }}",
    ConcurrencyCancelInProgress = true)]
// Release, on a version tag: the road of Build.cs split into jobs. Build once, publish the same files to TestPyPI then
// PyPI (trusted publishing, one environment each; each publish job first signs every file with a PEP 740 attestation,
// which the upload sends) and verify each upload installs from its index, prove the release installs from PyPI
// everywhere, then make the GitHub release.
// Only the publish jobs get an OIDC token (for the mint and for Sigstore); no job gets more than it needs; runs of one tag queue.
// The full history: the plugin API gate and the release notes read the committed plugin-api.json of the release before
// (github-release, which may write the repository, compares the committed records and runs no plugin code).
[GitHubActions("release", UbuntuLatest,
    OnPushTags = ["v*"],
    FetchDepth = 0,
    TimeoutMinutes = 30,
    ConcurrencyGroup = "release-${{ github.ref }}",
    ConcurrencyCancelInProgress = false)]
// Clean and Build run as InspectWheel's dependencies; the later jobs skip them (--skip) and take this job's dist/.
[GitHubActionsJob("release", "build",
    InvokedTargets = [nameof(IWheelInspection.InspectWheel), nameof(IPluginApiGate.CheckPluginApi)],
    PythonVersion = "3.12",
    SetupCommands = ["python -m pip install build==1.2.2.post1"],
    ProducesArtifact = "dist",
    ReadPermissions = [Contents])]
[GitHubActionsJob("release", "publish-testpypi", Needs = ["build"],
    InvokedTargets = [nameof(IPublishing.PublishTestPyPI), nameof(IInstallVerification.VerifyInstall)], SkipDependencies = true,
    ConsumesArtifact = "dist", SignAttestations = true, PythonVersion = "3.12", PythonParameter = nameof(IInstallVerification.VerifyPython),
    EnvironmentName = "testpypi", EnvironmentUrl = "https://test.pypi.org/p/evalcheck",
    WritePermissions = [IdToken])]
[GitHubActionsJob("release", "publish-pypi", Needs = ["publish-testpypi"],
    InvokedTargets = [nameof(IPublishing.PublishPyPI), nameof(IInstallVerification.VerifyInstall)], SkipDependencies = true,
    ConsumesArtifact = "dist", SignAttestations = true, PythonVersion = "3.12", PythonParameter = nameof(IInstallVerification.VerifyPython),
    EnvironmentName = "pypi", EnvironmentUrl = "https://pypi.org/p/evalcheck",
    WritePermissions = [IdToken])]
[GitHubActionsJob("release", "verify", Needs = ["publish-pypi"],
    InvokedTargets = [nameof(IInstallVerification.VerifyInstall)], SkipDependencies = true, Arguments = "--verify-index-url https://pypi.org/simple/",
    ConsumesArtifact = "dist",
    MatrixOs = [UbuntuLatest, MacOsLatest, WindowsLatest],
    MatrixPython = ["3.10", "3.11", "3.12", "3.13"], PythonParameter = nameof(IInstallVerification.VerifyPython),
    ReadPermissions = [Contents])]
[GitHubActionsJob("release", "github-release", Needs = ["verify"],
    InvokedTargets = [nameof(IGitHubRelease.GitHubRelease)], SkipDependencies = true,
    ConsumesArtifact = "dist",
    ImportSecrets = ["GITHUB_TOKEN"],
    WritePermissions = [Contents])]
partial class Build;
