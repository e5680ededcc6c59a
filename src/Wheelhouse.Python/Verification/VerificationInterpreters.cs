using Wheelhouse.Python.Provisioning;
using Serilog;
using Wheelhouse.Engine;
using Wheelhouse.Engine.Tooling;

namespace Wheelhouse.Python.Verification;

/// <summary>What an interpreter says about itself that matters for making a venv with pip in it.</summary>
/// <param name="Requested">The name or path it was found by.</param>
/// <param name="Executable">The real interpreter (links and pyenv shims resolved): the venv is made with this one.</param>
/// <param name="BundledPip">The pip version ensurepip would install into a new venv; null when ensurepip is missing or has no pip wheel (Debian without python3-venv).</param>
/// <param name="Distributions">Installed version of each distribution asked about, null when it is not installed.</param>
public sealed record InterpreterProbe(string Requested, string Executable, Version Version, bool HasVenv, string? BundledPip, IReadOnlyDictionary<string, string?> Distributions)
{
    public override string ToString() => $"{Executable} (Python {Version.ToString(3)})";

    /// <summary>Why this interpreter cannot verify, or null when it can.</summary>
    /// <param name="requirements">What must be installed for it, as PEP 508 requirements ("pytest>=7"): the project's unconditional
    /// dependencies when the venv takes them from the system site-packages. A wrong version is named with the installed one.</param>
    public string? Unusable(IReadOnlyList<string> requirements)
    {
        if (Version < InterpreterLocator.MinimumVersion)
            return $"Python {Version.ToString(2)} is older than {InterpreterLocator.MinimumVersion.ToString(2)}";
        if (!HasVenv || BundledPip is null)
        {
            var what = HasVenv ? "ensurepip has no pip to put into a new venv" : "it has no venv module";
            var hint = Executable.StartsWith("/usr/bin/", StringComparison.Ordinal)
                ? "apt-get install python3-venv"
                : "install a Python build that includes the venv and ensurepip modules";
            return $"{what} (install it: {hint})";
        }

        var specifiers = requirements.Select(Requirements.DependencySpecifier.Parse).ToList();
        var missing = specifiers.Where(r => Distributions.GetValueOrDefault(r.Name) is null).Select(r => r.Name).ToList();
        if (missing.Count > 0)
        {
            var interpreter = new PythonInterpreter(Executable, Version, new HashSet<string>());
            return $"{string.Join(" and ", missing)} {(missing.Count == 1 ? "is" : "are")} not installed for it, and the venv is to take the dependencies from the system site-packages " +
                $"(install: {InstallCommands.For(interpreter, missing)})";
        }

        // Offline the venv can only use what the interpreter has: a requirement its version does not meet cannot be verified here.
        var unmet = specifiers.Where(r => !r.Specifiers.IsEmpty && !r.Specifiers.Contains(Distributions[r.Name]!, prereleases: true)).ToList();
        if (unmet.Count > 0)
            return $"the plugin requires {string.Join(" and ", unmet.Select(r => $"{r.ToString(withMarker: false)} ({r.Name} {Distributions[r.Name]} is installed)"))}, " +
                "and offline the venv takes its dependencies from this interpreter's site-packages, so the plugin cannot be verified with it here: " +
                "verify where the package index answers (the venv then installs what the plugin requires), or with an interpreter that has it (--verify-python)";

        return null;
    }
}

/// <summary>The interpreters to verify with: the ones asked for, or every usable Python found on this machine.</summary>
public static class VerificationInterpreters
{
    /// <summary>
    /// No interpreter fits: give the system Python what it lacks (venv with pip, the <paramref name="requirements"/> a venv
    /// with system site-packages takes from it), as the Build target provisions build: Debian packages as root, else
    /// a private venv when an index answers, else one paragraph naming what to install.
    /// </summary>
    public static async Task ProvisionSystemPythonAsync(IReadOnlyList<string> requirements, string purpose, AbsolutePath temporary, CancellationToken cancellationToken = default)
    {
        var system = await ProbeAsync(PythonToolchain.DebianPython, PythonToolchain.DebianPython, requirements, cancellationToken);
        var missing = new List<ToolchainItem>();
        if (system is null)
            missing.Add(ToolchainItem.Program("python3", "python3"));
        if (system is null || !system.HasVenv || system.BundledPip is null)
            missing.Add(new ToolchainItem("venv and ensurepip", "python3-venv", null));
        missing.AddRange(requirements.Select(r => Requirements.DependencySpecifier.Parse(r).Name).Where(d => system?.Distributions.GetValueOrDefault(d) is null)
            .Select(ToolchainItem.PythonDistribution));
        await Provisioner.InstallAsync(missing, purpose, temporary, cancellationToken: cancellationToken);
    }

    /// <summary>
    /// <paramref name="requested"/> given: each must be usable, else a BuildException. Not given: every distinct interpreter
    /// among <see cref="InterpreterLocator.CandidateNames"/> that is usable; the others are logged with the reason; none is an error.
    /// </summary>
    public static async Task<IReadOnlyList<InterpreterProbe>> FindAsync(
        IReadOnlyList<string>? requested, IReadOnlyList<string> requiredDistributions, CancellationToken cancellationToken = default)
    {
        var found = new List<InterpreterProbe>();
        if (requested is { Count: > 0 })
        {
            foreach (var name in requested)
            {
                var path = ExecutableSearch.Resolve(name)
                    ?? throw new BuildException($"The interpreter '{name}' given by --verify-python was not found. Give a path or a command on PATH.");
                var probe = await ProbeAsync(name, path, requiredDistributions, cancellationToken)
                    ?? throw new BuildException($"'{name}' given by --verify-python did not run as a Python 3 interpreter.");
                if (probe.Unusable(requiredDistributions) is { } reason)
                    throw new BuildException($"{probe} given by --verify-python cannot verify the install: {reason}.");
                if (found.All(f => f.Executable != probe.Executable))
                    found.Add(probe);
            }

            return found;
        }

        var skipped = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in InterpreterLocator.CandidateNames)
        {
            if (ExecutableSearch.Resolve(name) is not { } path)
                continue;
            if (await ProbeAsync(name, path, requiredDistributions, cancellationToken) is not { } probe || !seen.Add(probe.Executable))
                continue;
            if (probe.Unusable(requiredDistributions) is { } reason)
            {
                skipped.Add($"{probe}: {reason}");
                Log.Information("Not verifying with {Interpreter}: {Reason}", probe.ToString(), reason);
                continue;
            }

            found.Add(probe);
        }

        if (found.Count == 0)
        {
            throw new BuildException(skipped.Count == 0
                ? $"No Python interpreter was found to verify the install with (looked for {string.Join(", ", InterpreterLocator.CandidateNames)}). Install Python {InterpreterLocator.MinimumVersion.ToString(2)}+ with venv, or pass --verify-python."
                : $"No Python interpreter found can verify the install: {string.Join("; ", skipped)}. Fix one of them, or pass --verify-python.");
        }

        return found;
    }

    /// <param name="requirements">Distributions to ask about: names or PEP 508 requirements (their names are asked).</param>
    public static async Task<InterpreterProbe?> ProbeAsync(string requested, string path, IReadOnlyList<string> requirements, CancellationToken cancellationToken = default)
    {
        var names = requirements.Select(r => Requirements.DependencySpecifier.Parse(r).Name).Distinct().ToList();
        var interpreter = await PythonProbe.ProbeAsync(path, new ProbeQuestions([], names), cancellationToken);
        return interpreter is null
            ? null
            : new InterpreterProbe(requested, interpreter.Executable, interpreter.Version, interpreter.HasVenv, interpreter.BundledPip, interpreter.Distributions);
    }

    /// <summary>
    /// The names of the project's unconditional dependencies (Requires-Dist without an environment marker):
    /// "pytest>=7" gives "pytest". Offline, these must be installed for the interpreter.
    /// </summary>
    public static IReadOnlyList<string> DependencyNames(IReadOnlyList<string> dependencies) =>
        dependencies.Where(r => !r.Contains(';')).Select(PipOutput.NameOf).Distinct().ToList();

    /// <summary>The project's unconditional dependencies as requirements ("pytest (>=7)" as setuptools writes it stays whole).</summary>
    public static IReadOnlyList<string> RuntimeRequirements(IReadOnlyList<string> dependencies) =>
        dependencies.Where(r => !r.Contains(';')).Select(r => r.Trim()).Distinct().ToList();
}
