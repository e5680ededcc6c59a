using Serilog;
using Wheelhouse.Engine;
using Wheelhouse.Engine.Tooling;

namespace Wheelhouse.Python;

/// <summary>Builds the sdist and wheel with the PEP 517 frontend <c>python -m build</c>.</summary>
public static class PackageBuilder
{
    public static async Task<IReadOnlyList<AbsolutePath>> BuildAsync(
        AbsolutePath projectDirectory, AbsolutePath outputDirectory, string? python, BuildIsolation isolation, CancellationToken cancellationToken = default)
    {
        var project = PyProject.Load(projectDirectory / "pyproject.toml");
        const string purpose = "building the package (python -m build)";
        PythonInterpreter interpreter;
        try
        {
            // Prefer an interpreter that also has the backend: it can build without the index.
            interpreter = await InterpreterLocator.FindAsync(python, ["build", project.BackendModule], purpose, cancellationToken);
        }
        catch (BuildException) when (isolation != BuildIsolation.NotIsolated)
        {
            interpreter = await InterpreterLocator.FindAsync(python, ["build"], purpose, cancellationToken);
        }

        var environment = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value);
        var indexUrl = IndexProbe.IndexUrl(environment);
        var indexAnswers = isolation == BuildIsolation.Auto && await IndexProbe.AnswersAsync(indexUrl, TimeSpan.FromSeconds(5), cancellationToken);
        var decision = IsolationDecision.Decide(isolation, indexAnswers, interpreter.Has(project.BackendModule), indexUrl,
            project.BackendModule, InstallCommands.For(interpreter, [project.BackendModule.Split('.')[0]]));
        if (decision.Warning != null)
            Log.Warning("{Warning}", decision.Warning);

        Directory.CreateDirectory(outputDirectory);
        var started = DateTime.UtcNow.AddSeconds(-2);
        var arguments = new List<string> { "-m", "build", "--sdist", "--wheel", "--outdir", outputDirectory };
        if (!decision.Isolated)
            arguments.AddRange(["--no-isolation", "--skip-dependency-check"]);
        arguments.Add(projectDirectory);
        Log.Information("Building {Project} with {Interpreter}{Mode}", project.Name ?? projectDirectory.Name, interpreter.ToString(), decision.Isolated ? "" : " (not isolated)");
        await Tool.RunAsync(interpreter.Path, arguments, new ToolOptions { WorkingDirectory = projectDirectory }, cancellationToken);

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
