using Wheelhouse.Engine;
using Wheelhouse.Python;

namespace Wheelhouse.Components;

/// <summary>The Python package at the repository root: cleaning and building it.</summary>
public interface IPythonPackage : IPythonInterpreter
{
    [Parameter("Build isolation. auto: isolated when the package index answers, else the installed backend with a warning.")]
    BuildIsolation BuildIsolation => TryGetValue(() => BuildIsolation);

    AbsolutePath DistDirectory => RootDirectory / "dist";

    Target Clean => _ => _
        .Description("Remove dist/ and Python build leftovers (egg-info, __pycache__)")
        .Executes(() => Cleaner.Clean(RootDirectory));

    Target Build => _ => _
        .Description("Build the sdist and the wheel into dist/ with python -m build (PEP 517); installs build and the backend when no Python has them")
        .DependsOn(Clean)
        .Executes(async cancellationToken => await PackageBuilder.BuildAsync(RootDirectory, DistDirectory, Python, BuildIsolation, TemporaryDirectory, cancellationToken));
}
