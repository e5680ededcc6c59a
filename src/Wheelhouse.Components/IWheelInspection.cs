using Wheelhouse.Engine;
using Wheelhouse.Python;
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
        .Description("Check every wheel and sdist in dist/ (structure, RECORD hashes, metadata, pytest11 entry points, layout, sdist contents, wheel = sdist); prints the findings and a line per file, every check at --verbosity verbose")
        .DependsOn(Build)
        .Executes(async cancellationToken =>
        {
            // A project whose pyproject.toml states name, version and entry points needs no backend; the others are compared with what it reports.
            var metadata = ProjectMetadataReader.TryReadStatic(RootDirectory) is null
                ? await ProjectMetadataReader.ReadAsync(RootDirectory, Python, BuildIsolation, TemporaryDirectory, cancellationToken)
                : null;
            var backend = WheelInspection.HasOldStyleSdistName(DistDirectory) ? await BuildBackendFactsAsync(cancellationToken) : null;
            await Task.Run(() => WheelInspection.Run(
                DistDirectory,
                RootDirectory / "pyproject.toml",
                ProjectExpectations.ResolveReleaseTag(ReleaseTag, Context.Host.Ref),
                InspectionReportFile,
                tagFormat: (this as IVersioning)?.TagFormat ?? ProjectExpectations.DefaultTagFormat,
                cancellationToken: cancellationToken,
                metadata: metadata,
                backend: backend,
                buildFiles: BuildFiles,
                table: Verbosity == Verbosity.Verbose), cancellationToken);
        });

    /// <summary>This build's own files, which no sdist may hold: its project's folder (found from where the build runs), .nuke/, the bootstrap, C# sources.</summary>
    BuildOwnFiles BuildFiles => BuildOwnFiles.WithProjectFolder(BuildOwnFiles.FindProjectFolder(RootDirectory, AppContext.BaseDirectory));

    /// <summary>The backend and its version in the interpreter that builds, for S001's advice; null when it cannot be told.</summary>
    private async Task<BuildBackendFacts?> BuildBackendFactsAsync(CancellationToken cancellationToken)
    {
        try
        {
            var project = PyProject.Load(RootDirectory / "pyproject.toml");
            if (SdistNaming.BackendDistribution(project.BackendModule, project.BuildRequires) is not { } distribution)
                return null;
            var builder = await BuildInterpreter.ChooseAsync(project, Python, BuildIsolation.NotIsolated, null, logWarning: false, cancellationToken);
            var probe = await PythonProbe.ProbeAsync(builder.Interpreter.Path, new ProbeQuestions([], [distribution]), cancellationToken);
            return new BuildBackendFacts(distribution, probe?.Distributions.GetValueOrDefault(distribution));
        }
        catch (BuildException)
        {
            return null; // S001 still stops the release; it only gives the general advice
        }
    }
}
