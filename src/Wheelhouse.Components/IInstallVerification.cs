using Wheelhouse.Engine;
using Wheelhouse.Python.PluginApi;
using Wheelhouse.Python.Verification;

namespace Wheelhouse.Components;

/// <summary>Proof that the released package installs and works as a user would see it.</summary>
public interface IInstallVerification : IPythonPackage
{
    [Parameter("VerifyInstall: the version to install (NAME==VERSION). Default: the version in pyproject.toml.")]
    string? VerifyVersion => TryGetValue(() => VerifyVersion);

    [Parameter("VerifyInstall: Python interpreters to verify with (paths or commands; several allowed). Default: every Python 3.10+ found that has venv and ensurepip (and, offline, the dependencies).")]
    string[]? VerifyPython => TryGetValue(() => VerifyPython);

    [Parameter("VerifyInstall: install from this package index (simple API URL, e.g. https://test.pypi.org/simple/) instead of dist/; add --skip so nothing is rebuilt first.")]
    string? VerifyIndexUrl => TryGetValue(() => VerifyIndexUrl);

    [Parameter("VerifyInstall: extra index for the dependencies when installing from --verify-index-url (https://pypi.org/simple/ next to TestPyPI).")]
    string? VerifyExtraIndexUrl => TryGetValue(() => VerifyExtraIndexUrl);

    [Parameter("VerifyInstall: seconds to keep retrying, with backoff, while the version is not visible on the index yet. Default: 300.")]
    int? VerifyTimeout => TryGetValue(() => VerifyTimeout);

    [Parameter("VerifyInstall: whether the venv sees the interpreter's system site-packages. Default: only when installing from dist/ while the package index cannot be reached.")]
    bool? VerifySystemSitePackages => TryGetValue(() => VerifySystemSitePackages);

    /// <summary>One folder per interpreter (venv, scratch folders, logs); removed after a pass, kept after a failure.</summary>
    AbsolutePath VerificationDirectory => TemporaryDirectory / "verify";

    /// <summary>
    /// Where VerifyInstall writes the plugin's API as JSON (docs/plugin-api-schema.md): NAME-VERSION.json, see
    /// <see cref="PluginApiLocation.FileFor"/>. Written once every interpreter passed; what a semver gate compares.
    /// </summary>
    AbsolutePath PluginApiDirectory => TemporaryDirectory / PluginApiLocation.FolderName;

    Target VerifyInstall => _ => _
        .Description("Install NAME==VERSION into a fresh venv per interpreter (pip cache off) from dist/, or from --verify-index-url (then add --skip), " +
            "and prove it imports from the venv, pytest loads every pytest11 entry point, the project's smoke tests pass and its API equals the source tree's; " +
            "writes the API to .nuke/temp/plugin-api/NAME-VERSION.json")
        .DependsOn(Build)
        .Executes(async cancellationToken => await InstallVerification.RunAsync(new VerifyInstallParameters(
            RootDirectory,
            DistDirectory,
            VerificationDirectory,
            VerifyVersion,
            VerifyPython,
            VerifyIndexUrl,
            VerifyExtraIndexUrl,
            VerifyTimeout,
            VerifySystemSitePackages)
        {
            ProvisioningDirectory = TemporaryDirectory,
            PluginApiDirectory = PluginApiDirectory,
            BuildPython = Python,
            BuildIsolation = BuildIsolation,
            Parallelism = Context.Parallelism,
        }, cancellationToken));
}
