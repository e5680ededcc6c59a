using Wheelhouse.Engine;
using Wheelhouse.Python.Inspection;
using Wheelhouse.Python.Metadata;

namespace Wheelhouse.Components;

/// <summary>Inspection of every distribution in dist/ before anything is uploaded.</summary>
public interface IWheelInspection : IPythonPackage
{
    [Parameter("The release tag being built (e.g. v0.3.0; spelled as --tag-format says): InspectWheel checks the distributions' version matches it. Default: the tag in GITHUB_REF (refs/tags/...), else none.")]
    string? ReleaseTag => TryGetValue(() => ReleaseTag);

    AbsolutePath InspectionReportFile => TemporaryDirectory / "inspection" / "report.json";

    Target InspectWheel => _ => _
        .Description("Check every wheel and sdist in dist/ (structure, RECORD hashes, metadata, pytest11 entry points, layout, sdist contents, wheel = sdist)")
        .DependsOn(Build)
        .Executes(async cancellationToken =>
        {
            // A project whose pyproject.toml states name, version and entry points needs no backend; the others are compared with what it reports.
            var metadata = ProjectMetadataReader.TryReadStatic(RootDirectory) is null
                ? await ProjectMetadataReader.ReadAsync(RootDirectory, Python, BuildIsolation, TemporaryDirectory, cancellationToken)
                : null;
            await Task.Run(() => WheelInspection.Run(
                DistDirectory,
                RootDirectory / "pyproject.toml",
                ProjectExpectations.ResolveReleaseTag(ReleaseTag, Environment.GetEnvironmentVariable("GITHUB_REF")),
                InspectionReportFile,
                tagFormat: (this as IVersioning)?.TagFormat ?? ProjectExpectations.DefaultTagFormat,
                cancellationToken: cancellationToken,
                metadata: metadata), cancellationToken);
        });
}
