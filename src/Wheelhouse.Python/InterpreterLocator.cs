using Wheelhouse.Engine;
using Wheelhouse.Engine.Tooling;

namespace Wheelhouse.Python;

/// <summary>
/// Finds a Python interpreter that is new enough and has the modules a step needs. The python3 first on PATH
/// is not always the one with the tools (a pyenv shim may come before the system Python that has them),
/// so every candidate is asked in turn.
/// </summary>
public static class InterpreterLocator
{
    public static readonly Version MinimumVersion = new(3, 10);

    /// <summary>Names to look for on PATH, newest first after the usual names, then well-known system paths.</summary>
    public static IReadOnlyList<string> CandidateNames { get; } =
        ["python3", "python", "python3.14", "python3.13", "python3.12", "python3.11", "python3.10", "/usr/bin/python3", "/usr/local/bin/python3"];

    public static async Task<PythonInterpreter> FindAsync(string? requested, IReadOnlyList<string> modules, string purpose, CancellationToken cancellationToken = default)
    {
        if (requested != null)
        {
            var path = ExecutableSearch.Resolve(requested)
                ?? throw new BuildException($"The Python interpreter '{requested}' given by --python was not found. Give a path or a command on PATH, or leave the parameter out to search.");
            var interpreter = await ProbeAsync(path, modules, cancellationToken)
                ?? throw new BuildException($"'{requested}' did not run as a Python interpreter. Give another one with --python.");
            Check(interpreter, modules, purpose);
            return interpreter;
        }

        var seen = new List<PythonInterpreter>();
        foreach (var path in CandidateNames.Select(ExecutableSearch.Resolve).OfType<string>().Distinct())
        {
            if (await ProbeAsync(path, modules, cancellationToken) is not { } interpreter)
                continue;
            if (interpreter.Version >= MinimumVersion && modules.All(interpreter.Has))
                return interpreter;
            seen.Add(interpreter);
        }

        if (seen.Count == 0)
            throw new BuildException($"No Python interpreter was found on PATH for {purpose}. Install Python {MinimumVersion.ToString(2)} or newer (Debian/Ubuntu: apt-get install python3 python3-venv), or pass --python.");
        var best = seen.Where(i => i.Version >= MinimumVersion).OrderByDescending(i => i.Version).FirstOrDefault()
            ?? throw new BuildException($"No Python {MinimumVersion.ToString(2)} or newer was found for {purpose}; found {string.Join(", ", seen)}. Install a newer Python, or pass --python.");
        Check(best, modules, purpose, seen);
        return best;
    }

    private static void Check(PythonInterpreter interpreter, IReadOnlyList<string> modules, string purpose, IReadOnlyList<PythonInterpreter>? tried = null)
    {
        if (interpreter.Version < MinimumVersion)
            throw new BuildException($"{interpreter} is older than Python {MinimumVersion.ToString(2)}, which {purpose} needs. Pass a newer one with --python.");
        var missing = modules.Where(m => !interpreter.Has(m)).ToList();
        if (missing.Count == 0)
            return;
        var triedText = tried is { Count: > 1 } ? $" (looked at {string.Join(", ", tried)})" : "";
        throw new BuildException(
            $"{interpreter} lacks {string.Join(" and ", missing.Select(m => $"the '{m}' module"))}, which {purpose} needs{triedText}. " +
            $"Install it: {InstallCommands.For(interpreter, missing)}.");
    }

    /// <summary>Asks an interpreter for its version and which of <paramref name="modules"/> it can import; null when it does not run.</summary>
    public static async Task<PythonInterpreter?> ProbeAsync(string path, IReadOnlyList<string> modules, CancellationToken cancellationToken = default)
    {
        const string script = "import sys, importlib.util as u\nprint('%d.%d' % sys.version_info[:2])\nfor m in sys.argv[1:]:\n    print(m if u.find_spec(m) else '')";
        try
        {
            var result = await Tool.RunAsync(path, ["-c", script, .. modules], new ToolOptions
            {
                LogOutput = false,
                ThrowOnFailure = false,
                Timeout = TimeSpan.FromSeconds(30),
                Environment = new Dictionary<string, string?> { ["PYTHONNOUSERSITE"] = null },
            }, cancellationToken);
            var lines = result.StandardOutput.Split('\n').Select(l => l.Trim()).ToList();
            if (result.ExitCode != 0 || lines.Count == 0 || !Version.TryParse(lines[0], out var version))
                return null;
            return new PythonInterpreter(path, version, lines.Skip(1).Where(l => l.Length > 0).ToHashSet());
        }
        catch (BuildException)
        {
            return null;
        }
    }
}
