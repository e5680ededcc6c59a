using Serilog;
using Wheelhouse.Engine;
using Wheelhouse.Engine.Tooling;
using Wheelhouse.Python.Provisioning;

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
        const string purpose = "building the package (python -m build)";
        var frontend = new ModuleNeed("build", ToolchainItem.PythonDistribution("build"));
        var withBackend = new PythonNeeds([frontend], project.BuildRequires.Select(ToolchainItem.PythonDistribution).ToList());
        var frontendOnly = new PythonNeeds([frontend], []);

        var environment = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value);
        var indexUrl = IndexProbe.IndexUrl(environment);

        // Prefer an interpreter that also has the backend: it can build without the index.
        var interpreter = await FindAsync(python, withBackend, provisioningDirectory: null, mayFail: true, purpose, cancellationToken);
        var indexAnswers = false;
        if (interpreter is null)
        {
            indexAnswers = isolation != BuildIsolation.NotIsolated && await IndexProbe.AnswersAsync(indexUrl, TimeSpan.FromSeconds(5), cancellationToken);
            var needs = indexAnswers || isolation == BuildIsolation.Isolated ? frontendOnly : withBackend;
            interpreter = (await FindAsync(python, needs, provisioningDirectory, mayFail: false, purpose, cancellationToken))!;
        }
        else if (isolation == BuildIsolation.Auto)
        {
            indexAnswers = await IndexProbe.AnswersAsync(indexUrl, TimeSpan.FromSeconds(5), cancellationToken);
        }

        var backendInstalled = withBackend.SatisfiedBy(interpreter);
        var decision = IsolationDecision.Decide(isolation, indexAnswers, backendInstalled, indexUrl,
            project.BackendModule, InstallCommands.ForItems(interpreter, withBackend.MissingFrom(interpreter)));
        if (decision.Warning != null)
            Log.Warning("{Warning}", decision.Warning);

        Directory.CreateDirectory(outputDirectory);
        var started = DateTime.UtcNow.AddSeconds(-2);
        var arguments = new List<string> { "-m", "build", "--sdist", "--wheel", "--outdir", outputDirectory };
        if (!decision.Isolated)
            arguments.AddRange(["--no-isolation", "--skip-dependency-check"]);
        arguments.Add(projectDirectory);
        Log.Information("Building {Project} with {Interpreter}{Mode}", project.Name ?? projectDirectory.Name, interpreter.ToString(), decision.Isolated ? "" : " (not isolated)");
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

    /// <summary>
    /// The interpreter that has <paramref name="needs"/>. <paramref name="mayFail"/>: null when none has them. Otherwise: installed when none
    /// has them and a provisioning folder is given, else the error saying what to install.
    /// </summary>
    private static async Task<PythonInterpreter?> FindAsync(string? python, PythonNeeds needs, AbsolutePath? provisioningDirectory, bool mayFail, string purpose, CancellationToken cancellationToken)
    {
        if (!mayFail)
            return await PythonToolchain.FindOrProvisionAsync(python, needs, purpose, provisioningDirectory, cancellationToken);
        var questions = new ProbeQuestions(needs.ModuleNames, needs.DistributionNames);
        if (python != null)
        {
            var chosen = await InterpreterLocator.ProbeRequestedAsync(python, questions, cancellationToken);
            return needs.SatisfiedBy(chosen) ? chosen : null;
        }

        return (await InterpreterLocator.SearchAsync(questions, [], needs.SatisfiedBy, cancellationToken)).Found;
    }
}
