using Wheelhouse.Engine;

namespace Wheelhouse.Python.Provisioning;

/// <summary>
/// Finds the interpreter a step needs, and when none on this machine has what it needs, installs it (see
/// <see cref="Provisioner"/>) and looks again, the way build.sh installs a .NET SDK when none fits. An interpreter
/// given with --python is never changed: it gets an error saying what to install.
/// </summary>
public static class PythonToolchain
{
    /// <summary>The system interpreter Debian's packages install into.</summary>
    public const string DebianPython = "/usr/bin/python3";

    /// <param name="temporaryDirectory">The build's temporary folder, home of its private venv; null: never install, say what to install.</param>
    /// <param name="environment">Where the index comes from (PIP_INDEX_URL); by default this process's environment.</param>
    public static async Task<PythonInterpreter> FindOrProvisionAsync(
        string? requested, PythonNeeds needs, string purpose, AbsolutePath? temporaryDirectory, CancellationToken cancellationToken = default,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var questions = new ProbeQuestions(needs.ModuleNames, needs.DistributionNames);
        if (requested != null)
        {
            var chosen = await InterpreterLocator.ProbeRequestedAsync(requested, questions, cancellationToken);
            if (chosen.Version < InterpreterLocator.MinimumVersion)
                throw new BuildException($"{chosen} is older than Python {InterpreterLocator.MinimumVersion.ToString(2)}, which {purpose} needs. Pass a newer one with --python.");
            var lacking = needs.MissingFrom(chosen);
            if (lacking.Count > 0)
                throw new BuildException($"{chosen}, given by --python, lacks {string.Join(", ", lacking.Select(l => l.Name))}, which {purpose} needs. " +
                    $"Install {(lacking.Count == 1 ? "it" : "them")}: {InstallCommands.ForItems(chosen, lacking)}; or leave --python out and the build finds or installs a Python that has them.");
            return chosen;
        }

        string[] preferred = temporaryDirectory is null ? [] : [Provisioner.PrivatePython(temporaryDirectory)];
        var search = await InterpreterLocator.SearchAsync(questions, preferred, needs.SatisfiedBy, cancellationToken);
        if (search.Found is { } found)
            return found;
        if (temporaryDirectory is null)
            throw NoneHas(search, needs, purpose);

        // Debian's packages go to the system interpreter: install what it lacks (python3 itself when there is none).
        var system = search.Seen.FirstOrDefault(i => i.Path == DebianPython || i.Executable.StartsWith("/usr/bin/python3", StringComparison.Ordinal));
        IReadOnlyList<ToolchainItem> missing = system is null || system.Version < InterpreterLocator.MinimumVersion
            ? [ToolchainItem.Program("python3", "python3"), .. needs.Modules.Select(m => m.Item), .. needs.Distributions]
            : needs.MissingFrom(system);
        var everything = needs.Modules.Select(m => m.Item).Concat(needs.Distributions).DistinctBy(i => i.Name).ToList();
        await Provisioner.InstallAsync(missing, purpose, temporaryDirectory, everything, environment, cancellationToken);

        search = await InterpreterLocator.SearchAsync(questions, preferred, needs.SatisfiedBy, cancellationToken);
        return search.Found ?? throw new BuildException(
            $"After installing what {purpose} needs, still no Python {InterpreterLocator.MinimumVersion.ToString(2)}+ has {string.Join(", ", everything.Select(i => i.Name))} " +
            $"(looked at {string.Join(", ", search.Seen)}). Pass the interpreter that has them with --python.");
    }

    private static BuildException NoneHas(InterpreterSearch search, PythonNeeds needs, string purpose)
    {
        var best = search.Seen.Where(i => i.Version >= InterpreterLocator.MinimumVersion).OrderByDescending(i => i.Version).FirstOrDefault();
        if (best is null)
            return InterpreterLocator.NoneQualifies(search, needs.ModuleNames, purpose);
        var lacking = needs.MissingFrom(best);
        return new BuildException($"No Python {InterpreterLocator.MinimumVersion.ToString(2)}+ found has {string.Join(", ", lacking.Select(l => l.Name))}, which {purpose} needs " +
            $"(looked at {string.Join(", ", search.Seen)}). Install {(lacking.Count == 1 ? "it" : "them")}: {InstallCommands.ForItems(best, lacking)}; or pass --python.");
    }
}
