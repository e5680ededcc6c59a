using Wheelhouse.Engine;
using Wheelhouse.PyPI;
using Wheelhouse.PyPI.ApiBaseline;
using Wheelhouse.Python.PluginApi;

namespace Wheelhouse.Components;

/// <summary>
/// The plugin's public API as a release gate: the wheel's API against the last release's, and a version that bumps
/// at least as far as the changes need (breaking MAJOR, addition MINOR, else PATCH; below 1.0.0 a breaking change MINOR).
/// Publishing and the rehearsal depend on it; BumpVersion uses the same reading for --bump auto and plugin-api.json.
/// </summary>
public interface IPluginApiGate : IPythonPackage
{
    [Parameter("CheckPluginApi, BumpVersion: the package index whose last release is the API baseline, as the base of its JSON API (https://pypi.org/, https://test.pypi.org/, a local index's root), " +
        "or none for the committed plugin-api.json only. Default: the index the release goes to (PyPI; TestPyPI for PublishTestPyPI alone; none for Rehearse, whose local index starts empty).")]
    string? ApiBaselineIndex => TryGetValue(() => ApiBaselineIndex);

    [Parameter("CheckPluginApi, BumpVersion: the Python the plugin APIs are read with (a path or a command). Default: the first Python 3.10+ found with venv and, offline, the plugin's dependencies.")]
    string? ApiPython => TryGetValue(() => ApiPython);

    /// <summary>The release's API document, changes-VERSION.md for the release notes, and the gate's venvs (gate/, bump/).</summary>
    AbsolutePath PluginApiGateDirectory => TemporaryDirectory / PluginApiLocation.FolderName;

    Target CheckPluginApi => _ => _
        .Description("Compare the plugin API of the wheel in dist/ (fixtures, markers, ini keys, options, hookspecs, pytest11 names, requires-python) with the last release's " +
            "(from the index the release goes to, else the committed plugin-api.json); fail when the version bumps less than the changes need, naming each change and the smallest right version. " +
            "Writes .nuke/temp/plugin-api/changes-VERSION.md for the release notes")
        .DependsOn(Build)
        .After<IWheelInspection>(x => x.InspectWheel)
        .Executes(async cancellationToken => await PluginApiGate.CheckAsync(PluginApiGateRequest(), cancellationToken));

    /// <summary>What the gate reads with and where it looks for the baseline; BumpVersion asks the same.</summary>
    PluginApiGateRequest PluginApiGateRequest()
    {
        var (index, why) = BaselineIndexChoice();
        return new PluginApiGateRequest(RootDirectory, DistDirectory, PluginApiGateDirectory, index, why) { Python = ApiPython, ProvisioningDirectory = TemporaryDirectory };
    }

    /// <summary>The index the release goes to, by the targets this run was asked for; --api-baseline-index wins.</summary>
    private (PackageIndex? Index, string Why) BaselineIndexChoice()
    {
        if (ApiBaselineIndex is { Length: > 0 } given)
        {
            var index = BaselineIndex.Parse(given, "api-baseline-index");
            return (index, index is null ? "--api-baseline-index none" : $"--api-baseline-index {given}");
        }

        bool Invoked(string target) => Context.InvokedTargets.Contains(target, StringComparer.OrdinalIgnoreCase);
        var publishing = this as IPublishing;
        if (Invoked(nameof(IPublishing.PublishPyPI)))
            return (PackageIndex.FromUploadUrl(publishing?.PypiUploadUrl ?? PackageIndex.PyPI.UploadUrl.ToString()), "PublishPyPI publishes there");
        if (Invoked(nameof(IPublishing.PublishTestPyPI)))
            return (PackageIndex.FromUploadUrl(publishing?.TestPypiUploadUrl ?? PackageIndex.TestPyPI.UploadUrl.ToString()), "PublishTestPyPI publishes there");
        if (Invoked(nameof(IPublishing.Rehearse)))
            return (null, "Rehearse publishes to its own local index, which starts empty");
        return (PackageIndex.PyPI, "releases go to PyPI (--api-baseline-index names another)");
    }
}
