using Wheelhouse.Engine;

/// <summary>
/// The release build of the evalcheck pytest plugin. Targets come from the components it composes,
/// as with NUKE's Nuke.Components: run <c>./build.sh --help</c> to list them.
/// </summary>
class Build : BuildBase, IPythonPackage, IVersioning, IWheelInspection, IInstallVerification, ILocalIndex, IPublishing, IGitHubWorkflows, IGitHubRelease, ITestSuites
{
    public static int Main() => Execute<Build>(x => x.From<IPythonPackage>().Build);
}
