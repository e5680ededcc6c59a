using Wheelhouse.Engine;

namespace Wheelhouse.Python;

/// <summary>What a search for an interpreter found: the first that qualifies (or null) and every interpreter it looked at.</summary>
public sealed record InterpreterSearch(PythonInterpreter? Found, IReadOnlyList<PythonInterpreter> Seen);

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

    public static Task<PythonInterpreter> FindAsync(string? requested, IReadOnlyList<string> modules, string purpose, CancellationToken cancellationToken = default) =>
        FindAsync(requested, modules, purpose, [], cancellationToken);

    /// <summary>The interpreter <paramref name="requested"/> (checked), else the first candidate that qualifies; a <see cref="BuildException"/> saying what to install when none does.</summary>
    /// <param name="preferred">Interpreters to try before <see cref="CandidateNames"/> (the build's private venv).</param>
    public static async Task<PythonInterpreter> FindAsync(string? requested, IReadOnlyList<string> modules, string purpose, IReadOnlyList<string> preferred, CancellationToken cancellationToken = default)
    {
        if (requested != null)
        {
            var interpreter = await ProbeRequestedAsync(requested, modules, cancellationToken);
            Check(interpreter, modules, purpose);
            return interpreter;
        }

        var search = await SearchAsync(modules, preferred, cancellationToken);
        if (search.Found is { } found)
            return found;
        throw NoneQualifies(search, modules, purpose);
    }

    /// <summary>Asks the interpreter given by --python; a clear error when it is not there or not a Python.</summary>
    public static Task<PythonInterpreter> ProbeRequestedAsync(string requested, IReadOnlyList<string> modules, CancellationToken cancellationToken = default) =>
        ProbeRequestedAsync(requested, new ProbeQuestions(modules), cancellationToken);

    /// <summary>Asks the interpreter given by --python <paramref name="questions"/>; a clear error when it is not there or not a Python.</summary>
    public static async Task<PythonInterpreter> ProbeRequestedAsync(string requested, ProbeQuestions questions, CancellationToken cancellationToken = default)
    {
        var path = ExecutableSearch.Resolve(requested)
            ?? throw new BuildException($"The Python interpreter '{requested}' given by --python was not found. Give a path or a command on PATH, or leave the parameter out to search.");
        return await PythonProbe.ProbeAsync(path, questions, cancellationToken)
            ?? throw new BuildException($"'{requested}' did not run as a Python interpreter. Give another one with --python.");
    }

    /// <summary>Asks each candidate in turn (<paramref name="preferred"/> first) and stops at the first that qualifies.</summary>
    public static Task<InterpreterSearch> SearchAsync(IReadOnlyList<string> modules, IReadOnlyList<string> preferred, CancellationToken cancellationToken = default) =>
        SearchAsync(new ProbeQuestions(modules), preferred, i => Qualifies(i, modules), cancellationToken);

    /// <summary>Asks each candidate <paramref name="questions"/> in turn (<paramref name="preferred"/> first) and stops at the first that <paramref name="qualifies"/>.</summary>
    public static async Task<InterpreterSearch> SearchAsync(
        ProbeQuestions questions, IReadOnlyList<string> preferred, Func<PythonInterpreter, bool> qualifies, CancellationToken cancellationToken = default)
    {
        var seen = new List<PythonInterpreter>();
        foreach (var path in preferred.Concat(CandidateNames).Select(ExecutableSearch.Resolve).OfType<string>().Distinct())
        {
            if (await PythonProbe.ProbeAsync(path, questions, cancellationToken) is not { } interpreter)
                continue;
            if (qualifies(interpreter))
                return new InterpreterSearch(interpreter, seen);
            seen.Add(interpreter);
        }

        return new InterpreterSearch(null, seen);
    }

    public static bool Qualifies(PythonInterpreter interpreter, IReadOnlyList<string> modules) =>
        interpreter.Version >= MinimumVersion && modules.All(interpreter.Has);

    /// <summary>The error for a search that found nothing suitable: what was seen and what to install.</summary>
    public static BuildException NoneQualifies(InterpreterSearch search, IReadOnlyList<string> modules, string purpose)
    {
        if (search.Seen.Count == 0)
            return new BuildException($"No Python interpreter was found on PATH for {purpose}. Install Python {MinimumVersion.ToString(2)} or newer (Debian/Ubuntu: apt-get install python3 python3-venv), or pass --python.");
        var best = search.Seen.Where(i => i.Version >= MinimumVersion).OrderByDescending(i => i.Version).FirstOrDefault();
        if (best is null)
            return new BuildException($"No Python {MinimumVersion.ToString(2)} or newer was found for {purpose}; found {string.Join(", ", search.Seen)}. Install a newer Python, or pass --python.");
        try
        {
            Check(best, modules, purpose, search.Seen);
        }
        catch (BuildException e)
        {
            return e;
        }

        return new BuildException($"No Python interpreter qualified for {purpose}.");
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
    public static Task<PythonInterpreter?> ProbeAsync(string path, IReadOnlyList<string> modules, CancellationToken cancellationToken = default) =>
        PythonProbe.ProbeAsync(path, new ProbeQuestions(modules), cancellationToken);
}
