using Wheelhouse.Engine;
using Wheelhouse.Python.Inspection;

/// <summary>Inspection of every distribution in dist/ before anything is uploaded.</summary>
interface IWheelInspection : IPythonPackage
{
    [Parameter("The release tag being built (e.g. v0.3.0; spelled as --tag-format says): InspectWheel checks the distributions' version matches it. Default: the tag in GITHUB_REF (refs/tags/...), else none.")]
    string? ReleaseTag => TryGetValue(() => ReleaseTag);

    AbsolutePath InspectionReportFile => TemporaryDirectory / "inspection" / "report.json";

    Target InspectWheel => _ => _
        .Description("Check every wheel and sdist in dist/ (structure, RECORD hashes, metadata, pytest11 entry points, layout, sdist contents, wheel = sdist)")
        .DependsOn(Build)
        .Executes(cancellationToken => Task.Run(() => WheelInspection.Run(
            DistDirectory,
            RootDirectory / "pyproject.toml",
            ProjectExpectations.ResolveReleaseTag(ReleaseTag, Environment.GetEnvironmentVariable("GITHUB_REF")),
            InspectionReportFile,
            tagFormat: (this as IVersioning)?.TagFormat ?? ProjectExpectations.DefaultTagFormat,
            cancellationToken: cancellationToken), cancellationToken));
}
