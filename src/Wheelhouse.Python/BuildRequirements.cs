using Wheelhouse.Engine;
using Wheelhouse.Python.Requirements;

namespace Wheelhouse.Python;

/// <summary>
/// A build without isolation uses whatever the interpreter has installed, so every <c>build-system.requires</c> entry
/// (and what those need in turn) is checked against it first, as pypa/build's dependency check would: an unmet one
/// would otherwise surface as a backend crash, or a silent 0.0.0 from a version plugin that is missing.
/// </summary>
public static class BuildRequirements
{
    /// <summary>
    /// Known gaps that cannot change the artifacts, by distribution name with the reason. Debian's hatchling package
    /// lacks <c>editables</c>, which hatchling imports only to build editable installs; the build makes sdists and wheels.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Tolerated = new Dictionary<string, string>
    {
        ["editables"] = "hatchling uses it only for editable installs, which a release never builds",
    };

    /// <summary>Throws one paragraph naming every unmet requirement, what is installed, and the ways out.</summary>
    public static async Task CheckAsync(PyProject project, PythonInterpreter interpreter, CancellationToken cancellationToken = default)
    {
        var full = await PythonProbe.ProbeAsync(interpreter.Path, new ProbeQuestions([], AllDistributions: true), cancellationToken)
            ?? throw new BuildException($"{interpreter} stopped answering while its build requirements were checked.");
        var result = RequirementCheck.Run(project.BuildRequires, MarkerEnvironment.FromDictionary(full.MarkerEnvironment), full.Installed, Tolerated);
        if (result.AllMet)
            return;
        throw new BuildException(Explain(project, interpreter, result.Unmet));
    }

    /// <summary>The paragraph for unmet requirements (pure, for tests).</summary>
    public static string Explain(PyProject project, PythonInterpreter interpreter, IReadOnlyList<RequirementFinding> unmet)
    {
        var lines = string.Join("; ", unmet.Select(f => f.ToString()));
        var roots = unmet.Select(f => f.Root.ToString(withMarker: false)).Distinct().ToList();
        var quoted = string.Join(' ', roots.Select(r => r.Any(c => c is '<' or '>' or ' ' or '[' or ',') ? $"'{r}'" : r));
        return $"{project.Path} [build-system] requires what {interpreter} does not have, so a build without isolation would fail or build something else: {lines}. " +
            $"Ways out: build isolated where a package index answers (--build-isolation isolated, the default when one does), which installs exactly these; " +
            $"or make a venv that has them (python3 -m venv .venv && .venv/bin/pip install build {quoted}) and pass --python .venv/bin/python; " +
            $"or use an interpreter that has them (--python); or, if the project allows it, relax the requirement in pyproject.toml.";
    }
}
