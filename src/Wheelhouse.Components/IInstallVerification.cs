using Serilog;
using Wheelhouse.Engine;
using Wheelhouse.PyPI.Publishing;
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

    /// <summary>
    /// The index VerifyInstall installs from (null: dist/): --verify-index-url. A component that publishes overrides it
    /// with the index its publish target uploads to in the same run (see <see cref="IPublishing"/>).
    /// </summary>
    VerifyIndex? VerifyInstallIndex => VerifyAfterPublish.Choose(VerifyIndexUrl, VerifyExtraIndexUrl, published: null);

    /// <summary>True when VerifyInstall follows a publish that uploads nothing (--dry-run): there is nothing to install.</summary>
    bool FollowsDryRunPublish => false;

    Target VerifyInstall => _ => _
        .Description("Install NAME==VERSION into a fresh venv per interpreter (pip cache off) from dist/, or from --verify-index-url (then add --skip), " +
            "and prove it imports from the venv, pytest loads every pytest11 entry point, the project's smoke tests pass and its API equals the source tree's; " +
            "writes the API to .nuke/temp/plugin-api/NAME-VERSION.json. PublishPyPI and PublishTestPyPI trigger it: it then installs from the index just published to")
        .DependsOn(Build)
        .OnlyWhenDynamic(() => !FollowsDryRunPublish, "the publish before it uploads (--dry-run uploads nothing to install)")
        .Executes(async cancellationToken =>
        {
            var index = VerifyInstallIndex;
            if (index is not null)
                Log.Information("Installing from {Index}{Extra}", index.IndexUrl, index.ExtraIndexUrl is null ? "" : $" (extra index {index.ExtraIndexUrl})");
            await InstallVerification.RunAsync(new VerifyInstallParameters(
                RootDirectory,
                DistDirectory,
                VerificationDirectory,
                VerifyVersion,
                VerifyPython,
                index?.IndexUrl,
                index?.ExtraIndexUrl ?? VerifyExtraIndexUrl, // without an index an extra one is an error InstallVerification names
                VerifyTimeout,
                VerifySystemSitePackages)
            {
                ProvisioningDirectory = TemporaryDirectory,
                PluginApiDirectory = PluginApiDirectory,
                BuildPython = Python,
                BuildIsolation = BuildIsolation,
                Parallelism = Context.Parallelism,
            }, cancellationToken);
        });
}
