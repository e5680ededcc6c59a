using Serilog;
using Wheelhouse.Engine;
using Wheelhouse.Engine.Tooling;

namespace Wheelhouse.Python;

/// <summary>Builds the sdist and wheel with the PEP 517 frontend <c>python -m build</c>.</summary>
public static class PackageBuilder
{
    public static Task<IReadOnlyList<AbsolutePath>> BuildAsync(
        AbsolutePath projectDirectory, AbsolutePath outputDirectory, string? python, BuildIsolation isolation, CancellationToken cancellationToken = default) =>
        BuildAsync(projectDirectory, outputDirectory, python, isolation, null, cancellationToken);

    /// <param name="provisioningDirectory">The build's temporary folder: when no interpreter has what the build needs, it is installed
    /// (Debian packages as root, else pip into a venv there). Null: only look, and say what to install.</param>
    public static async Task<IReadOnlyList<AbsolutePath>> BuildAsync(
        AbsolutePath projectDirectory, AbsolutePath outputDirectory, string? python, BuildIsolation isolation, AbsolutePath? provisioningDirectory,
        CancellationToken cancellationToken = default)
    {
        var project = PyProject.Load(projectDirectory / "pyproject.toml");
        var (interpreter, isolated, _) = await BuildInterpreter.ChooseAsync(project, python, isolation, provisioningDirectory, cancellationToken: cancellationToken);

        Directory.CreateDirectory(outputDirectory);
        var started = DateTime.UtcNow.AddSeconds(-2);
        var arguments = new List<string> { "-m", "build", "--sdist", "--wheel", "--outdir", outputDirectory };
        if (!isolated)
            arguments.AddRange(["--no-isolation", "--skip-dependency-check"]);
        arguments.Add(projectDirectory);
        Log.Information("Building {Project} with {Interpreter}{Mode}", project.Name ?? projectDirectory.Name, interpreter.ToString(), isolated ? "" : " (not isolated)");
        // From a neutral folder: run from the project root, "-m build" would put the root on sys.path, where a folder named
        // build/ (a C# build project) passes for the module when the real one is missing.
        await Tool.RunAsync(interpreter.Path, arguments, new ToolOptions { WorkingDirectory = Path.GetTempPath() }, cancellationToken);

        var built = Directory.GetFiles(outputDirectory).Where(f => File.GetLastWriteTimeUtc(f) >= started)
            .Where(f => f.EndsWith(".whl", StringComparison.Ordinal) || f.EndsWith(".tar.gz", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(AbsolutePath.Create)
            .ToList();
        foreach (var file in built)
            Log.Information("Built {File} ({Size:N0} bytes)", file.RelativeTo(projectDirectory), new FileInfo(file).Length);
        return built;
    }
}
