using Wheelhouse.Engine;
using Wheelhouse.Engine.Hosts;
using Wheelhouse.PyPI;
using Wheelhouse.PyPI.Publishing;
using Wheelhouse.PyPI.Rehearsal;
using Wheelhouse.PyPI.TrustedPublishing;

namespace Wheelhouse.Components;

/// <summary>Publishing to PyPI and TestPyPI, the embedded local index, and the offline release rehearsal.</summary>
public interface IPublishing : IWheelInspection, IInstallVerification, IVersioning, IPluginApiGate
{
    [Parameter("PublishPyPI: the upload URL of the index (legacy upload API). Default: https://upload.pypi.org/legacy/.")]
    string? PypiUploadUrl => TryGetValue(() => PypiUploadUrl);

    [Parameter("PublishTestPyPI: the upload URL of the index (legacy upload API). Default: https://test.pypi.org/legacy/.")]
    string? TestPypiUploadUrl => TryGetValue(() => TestPypiUploadUrl);

    [Parameter("PublishPyPI outside GitHub Actions: a PyPI API token (pypi-...), from environment variable PYPI_TOKEN or .nuke/parameters.json, never the command line. Inside GitHub Actions trusted publishing needs none."), Secret]
    string? PypiToken => TryGetValue(() => PypiToken);

    [Parameter("PublishTestPyPI outside GitHub Actions: a TestPyPI API token, from environment variable TEST_PYPI_TOKEN or .nuke/parameters.json, never the command line."), Secret]
    string? TestPypiToken => TryGetValue(() => TestPypiToken);

    [Parameter("PublishPyPI, PublishTestPyPI, Rehearse: upload each file with its PEP 740 attestation (<file>.publish.attestation beside it, written by the " +
        "release workflow's signing step), checked before anything is uploaded. Default: true with trusted publishing (CI), where every file must have one; " +
        "an API token never sends them (PyPI takes attestations only with trusted publishing). false uploads without them, with a warning.")]
    bool? Attestations => TryGetValue(() => Attestations);

    [Parameter("Rehearse: the GitHub repository (owner/name) the rehearsed workflow runs in and the local index trusts as publisher. Default: the origin remote's owner/name, else local/<project name>.")]
    string? RehearsalRepository => TryGetValue(() => RehearsalRepository);

    [Parameter("Rehearse: the workflow file of the trusted publisher (under .github/workflows/). Default: release.yml.")]
    string? RehearsalWorkflow => TryGetValue(() => RehearsalWorkflow);

    [Parameter("Rehearse: the GitHub environment of the publishing job and of the trusted publisher. Default: pypi.")]
    string? RehearsalEnvironment => TryGetValue(() => RehearsalEnvironment);

    AbsolutePath RehearsalDirectory => TemporaryDirectory / "rehearsal";

    Target PublishTestPyPI => _ => _
        .Description("Upload dist/ to TestPyPI (--test-pypi-upload-url): guards first, trusted publishing inside GitHub Actions or TEST_PYPI_TOKEN by hand, wheels first and the sdist last, " +
            "then wait until its JSON API lists every file with our sha256; triggers VerifyInstall, which installs from TestPyPI (PyPI as extra index). --dry-run: everything but the upload")
        .DependsOn(InspectWheel, CheckPluginApi)
        .Triggers(VerifyInstall)
        .Executes(async cancellationToken => await PublishAsync(
            PackageIndex.FromUploadUrl(TestPypiUploadUrl ?? PackageIndex.TestPyPI.UploadUrl.ToString()), TestPypiToken, ApiTokenParameter.TestPyPI, nameof(PublishTestPyPI), cancellationToken));

    Target PublishPyPI => _ => _
        .Description("Upload dist/ to PyPI (--pypi-upload-url): guards first, trusted publishing inside GitHub Actions or PYPI_TOKEN by hand, wheels first and the sdist last, " +
            "then wait until its JSON API lists every file with our sha256; triggers VerifyInstall, which installs from PyPI. --dry-run: everything but the upload")
        .DependsOn(InspectWheel, CheckPluginApi)
        .After(PublishTestPyPI)
        .Triggers(VerifyInstall)
        .Executes(async cancellationToken => await PublishAsync(
            PackageIndex.FromUploadUrl(PypiUploadUrl ?? PackageIndex.PyPI.UploadUrl.ToString()), PypiToken, ApiTokenParameter.PyPI, nameof(PublishPyPI), cancellationToken));

    Target Rehearse => _ => _
        .Description("The whole release offline: start a local index that trusts a rehearsal key as GitHub's, publish dist/ to it through trusted publishing " +
            "exactly as CI does (audience, OIDC token, mint, upload), check its JSON API, VerifyInstall from it, stop it. Only 127.0.0.1 is used")
        .DependsOn(InspectWheel, CheckPluginApi)
        .Executes(async cancellationToken => await ReleaseRehearsal.RunAsync(new RehearsalRequest
        {
            RootDirectory = RootDirectory,
            DistDirectory = DistDirectory,
            WorkDirectory = RehearsalDirectory,
            VerificationWorkRoot = VerificationDirectory,
            Repository = RehearsalRepository,
            OriginRepository = RehearsalRepository is null
                ? (await Wheelhouse.GitHub.Releases.OriginRemote.FindAsync(RootDirectory, SecretProtection.For(Context), cancellationToken))?.Repository.ToString()
                : null,
            WorkflowFile = RehearsalWorkflow ?? WorkflowIdentity.DefaultWorkflowFile,
            Environment = RehearsalEnvironment ?? WorkflowIdentity.DefaultEnvironment,
            TagFormat = TagFormat,
            Pythons = VerifyPython,
            VerifyTimeoutSeconds = VerifyTimeout,
            ProvisioningDirectory = TemporaryDirectory,
            ProtectSecret = SecretProtection.For(Context),
            Attestations = Attestations,
        }, cancellationToken));

    /// <summary>VerifyInstall after a publish installs from the index this run uploads to last (PyPI runs after TestPyPI), unless --verify-index-url names one.</summary>
    VerifyIndex? IInstallVerification.VerifyInstallIndex => VerifyAfterPublish.Choose(VerifyIndexUrl, VerifyExtraIndexUrl, IndexPublishedInThisRun);

    bool IInstallVerification.FollowsDryRunPublish => DryRun && IndexPublishedInThisRun is not null;

    private PackageIndex? IndexPublishedInThisRun =>
        Context.PlannedToRun(nameof(PublishPyPI)) ? PackageIndex.FromUploadUrl(PypiUploadUrl ?? PackageIndex.PyPI.UploadUrl.ToString())
        : Context.PlannedToRun(nameof(PublishTestPyPI)) ? PackageIndex.FromUploadUrl(TestPypiUploadUrl ?? PackageIndex.TestPyPI.UploadUrl.ToString())
        : null;

    /// <summary>
    /// The command that completes a half release: the same target on the same dist/ (--skip: no rebuild, whose files
    /// could differ); identical files are skipped.
    /// </summary>
    private string CompleteCommand(string target) => Context.Host is GitHubActionsHost
        ? $"re-run the failed job (it runs ./build.sh {target} {nameof(VerifyInstall)} --skip on the same dist/ artifact)"
        : $"./build.sh {target} {nameof(VerifyInstall)} --skip (uploads dist/ as it is, without rebuilding it, then verifies the install)";

    private Task PublishAsync(PackageIndex index, string? apiToken, ApiTokenParameter tokenParameter, string target, CancellationToken cancellationToken) =>
        ReleasePublisher.PublishAsync(new PublishRequest
        {
            DryRun = DryRun,
            CompleteCommand = CompleteCommand(target),
            Index = index,
            RootDirectory = RootDirectory,
            DistDirectory = DistDirectory,
            IsServerBuild = IsServerBuild,
            IsGitHubActions = Context.Host is GitHubActionsHost,
            GitRef = Context.Host.Ref,
            TagFormat = TagFormat,
            ApiToken = apiToken,
            TokenParameter = tokenParameter,
            Attestations = Attestations,
            ProtectSecret = SecretProtection.For(Context),
            // No Verification: the publish triggers VerifyInstall, a step of the road that --plan shows.
        }, cancellationToken);
}
