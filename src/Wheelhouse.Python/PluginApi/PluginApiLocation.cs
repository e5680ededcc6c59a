using Wheelhouse.Engine;
using Wheelhouse.Python.Inspection;

namespace Wheelhouse.Python.PluginApi;

/// <summary>
/// Where VerifyInstall leaves the plugin-API document of a release (docs/plugin-api-schema.md), for the steps after it
/// (a semantic-versioning gate compares two of them): <c>DIRECTORY/NAME-VERSION.json</c>, the name in its normalised
/// PEP 503 form (<c>pytest-demo-1.2.3.json</c>). The build's directory is .nuke/temp/plugin-api.
/// </summary>
public static class PluginApiLocation
{
    public const string FolderName = "plugin-api";

    public static AbsolutePath FileFor(AbsolutePath directory, string distribution, string version) =>
        directory / $"{ProjectName.Normalise(distribution)}-{version}.json";
}
