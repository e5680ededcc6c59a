using Serilog;
using Wheelhouse.Engine;
using Wheelhouse.Engine.Tooling;
using Wheelhouse.Python.Inspection;
using Wheelhouse.Python.Metadata;
using Wheelhouse.Python.Verification;

namespace Wheelhouse.Python.PluginApi;

/// <summary>
/// The plugin API of one wheel file, read the way VerifyInstall reads an installed release: the wheel into a fresh venv,
/// then <see cref="PluginApiExtractor"/>. What an API gate compares: the wheel being released and the last release's.
/// <list type="bullet">
/// <item>The venv sees the system site-packages, so an interpreter that has the plugin's dependencies (Debian's pytest)
/// serves offline. It is made without pip when the interpreter's own pip can be run from it (a venv with pip costs
/// seconds, one without a few milliseconds); otherwise with ensurepip.</item>
/// <item>The wheel alone first (<c>--no-deps --ignore-installed</c>: this file and nothing else, not a copy the system
/// has); then its dependencies: offline from the system site-packages (<c>--no-index</c>), and when one is missing
/// there, from the package index pip is configured with.</item>
/// </list>
/// The venv is removed after a read, and kept with every tool's output in logs/ when the read failed.
/// </summary>
public static class WheelApiReader
{
    private static readonly TimeSpan PipTimeout = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The interpreter to read APIs with: the one asked for, else the first Python found (in the order of
    /// <see cref="InterpreterLocator.CandidateNames"/>) that has venv and the <paramref name="dependencies"/>, so it works
    /// offline, else the first that has venv (pip then fetches the dependencies). The search stops at the first that fits.
    /// </summary>
    public static async Task<InterpreterProbe> ChooseInterpreterAsync(
        string? requested, IReadOnlyList<string> dependencies, AbsolutePath? provisioningDirectory = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await ChooseAsync(requested, dependencies, cancellationToken);
        }
        catch (BuildException) when (requested is not { Length: > 0 } && provisioningDirectory is { } temporary)
        {
            // As VerifyInstall: give the system Python venv and what the plugin needs offline, then look again.
            await VerificationInterpreters.ProvisionSystemPythonAsync(
                VerificationInterpreters.RuntimeRequirements(dependencies), "reading the plugin API (CheckPluginApi)", temporary, cancellationToken);
            return await ChooseAsync(requested, dependencies, cancellationToken);
        }
    }

    private static async Task<InterpreterProbe> ChooseAsync(string? requested, IReadOnlyList<string> dependencies, CancellationToken cancellationToken)
    {
        if (requested is { Length: > 0 })
        {
            var path = ExecutableSearch.Resolve(requested)
                ?? throw new BuildException($"The interpreter '{requested}' given by --api-python was not found. Give a path or a command on PATH.");
            var probe = await VerificationInterpreters.ProbeAsync(requested, path, [], cancellationToken)
                ?? throw new BuildException($"'{requested}' given by --api-python did not run as a Python 3 interpreter.");
            return probe.Unusable([]) is { } reason
                ? throw new BuildException($"{probe} given by --api-python cannot read the plugin API: {reason}.")
                : probe;
        }

        var names = VerificationInterpreters.DependencyNames(dependencies);
        var seen = new List<InterpreterProbe>();
        // Probed all at once, taken in order: each probe is a Python start, and waiting for them one by one adds up.
        var probes = InterpreterLocator.CandidateNames
            .Select(name => (Name: name, Path: ExecutableSearch.Resolve(name)))
            .Where(c => c.Path is not null)
            .DistinctBy(c => c.Path)
            .Select(c => VerificationInterpreters.ProbeAsync(c.Name, c.Path!, names, cancellationToken))
            .ToList();
        foreach (var pending in probes)
        {
            if (await pending is not { } probe || seen.Any(s => s.Executable == probe.Executable))
                continue;
            if (probe.Unusable(names) is null)
                return probe;
            seen.Add(probe);
        }

        return seen.FirstOrDefault(p => p.Unusable([]) is null)
            ?? throw new BuildException(seen.Count == 0
                ? $"No Python interpreter was found to read the plugin API with (looked for {string.Join(", ", InterpreterLocator.CandidateNames)}). Install Python {InterpreterLocator.MinimumVersion.ToString(2)}+ with venv, or pass --api-python."
                : $"No Python interpreter found can read the plugin API: {string.Join("; ", seen.Select(p => $"{p}: {p.Unusable([])}"))}. Fix one of them, or pass --api-python.");
    }

    /// <summary>The distribution's metadata (name, version, Requires-Dist) as the wheel holds it.</summary>
    public static ProjectMetadata Metadata(AbsolutePath wheel)
    {
        var name = WheelFileName.TryParse(wheel.Name)
            ?? throw new BuildException($"{wheel} is not named as a wheel is ({{name}}-{{version}}-{{python}}-{{abi}}-{{platform}}.whl), so its plugin API cannot be read.");
        using var archive = System.IO.Compression.ZipFile.OpenRead(wheel);
        var distInfo = $"{name.Name}-{name.Version}.dist-info/";
        string? Read(string member)
        {
            var entry = archive.Entries.FirstOrDefault(e => string.Equals(e.FullName, distInfo + member, StringComparison.OrdinalIgnoreCase));
            if (entry is null)
                return null;
            using var reader = new StreamReader(entry.Open());
            return reader.ReadToEnd();
        }

        var metadata = Read("METADATA") ?? throw new BuildException($"{wheel} has no {distInfo}METADATA, so it is not a wheel pip can install. Build it again.");
        return ProjectMetadata.FromDistInfo(metadata, Read("entry_points.txt"), wheel.Name);
    }

    /// <summary>The commands: the venv (<paramref name="withPip"/> or not), the wheel alone, its dependencies offline, then from the index. Pure.</summary>
    public static InstallPlan Plan(AbsolutePath wheel, AbsolutePath venv, bool withPip)
    {
        var install = new[] { "-m", "pip", "install" }.Concat(InstallPlan.CommonPipOptions).ToArray();
        var environment = VerificationEnvironment.ForPip(new DistFolderSource(wheel.Parent!));
        string[] venvArguments = withPip ? ["-m", "venv", "--system-site-packages", venv] : ["-m", "venv", "--system-site-packages", "--without-pip", venv];
        return new InstallPlan(venvArguments,
        [
            new PipStep($"install {wheel.Name} alone", [.. install, "--no-index", "--no-deps", "--ignore-installed", wheel], environment, false),
            new PipStep("check its dependencies are met by the system site-packages (offline)", [.. install, "--no-index", wheel], environment, false),
            new PipStep("install its missing dependencies from the package index", [.. install, wheel], environment, false),
        ]);
    }

    /// <summary>
    /// Installs <paramref name="wheel"/> into a fresh venv in <paramref name="workFolder"/> (emptied first) with
    /// <paramref name="interpreter"/> and reads its plugin API.
    /// </summary>
    public static async Task<PluginApiSnapshot> ReadAsync(AbsolutePath wheel, InterpreterProbe interpreter, AbsolutePath workFolder, CancellationToken cancellationToken = default)
    {
        if (!wheel.FileExists())
            throw new BuildException($"{wheel} does not exist, so its plugin API cannot be read.");
        var metadata = Metadata(wheel);
        if (workFolder.DirectoryExists())
            Directory.Delete(workFolder, recursive: true);
        var logs = workFolder / "logs";
        Directory.CreateDirectory(logs);
        var venv = workFolder / "venv";

        try
        {
            var python = await MakeVenvAsync(interpreter, wheel, venv, workFolder, logs, withPip: false, cancellationToken);
            if (!await InstallAsync(python, wheel, metadata, venv, workFolder, logs, cancellationToken))
            {
                // The venv could not run the interpreter's own pip: make it again with ensurepip.
                Log.Debug("{Interpreter} has no pip of its own the venv can run; making the venv with ensurepip", interpreter.ToString());
                Directory.Delete(venv, recursive: true);
                python = await MakeVenvAsync(interpreter, wheel, venv, workFolder, logs, withPip: true, cancellationToken);
                if (!await InstallAsync(python, wheel, metadata, venv, workFolder, logs, cancellationToken))
                    throw new BuildException($"the venv made with ensurepip has no pip ({python} -m pip failed to start); see {logs}.");
            }

            var api = await PluginApiExtractor.ExtractAsync(python, metadata.Name, workFolder / "api", cancellationToken);
            Directory.Delete(workFolder, recursive: true);
            return api;
        }
        catch (BuildException e)
        {
            throw new BuildException($"Reading the plugin API of {wheel.Name} with {interpreter} failed: {e.Message}{Environment.NewLine}" +
                $"The venv and every tool's output are kept in {workFolder} until the next run.", e);
        }
    }

    private static async Task<string> MakeVenvAsync(InterpreterProbe interpreter, AbsolutePath wheel, AbsolutePath venv, AbsolutePath folder, AbsolutePath logs, bool withPip,
        CancellationToken cancellationToken)
    {
        var plan = Plan(wheel, venv, withPip);
        var made = await RunAsync(interpreter.Executable, plan.VenvArguments, folder, VerificationEnvironment.ForPython(), logs / (withPip ? "venv-with-pip.log" : "venv.log"), cancellationToken);
        if (made.ExitCode != 0)
            throw new BuildException($"'{interpreter.Executable} {string.Join(' ', plan.VenvArguments)}' could not make a virtual environment (exit code {made.ExitCode}).{PytestOutput.Tail(Text(made))}");
        return InstallVerifier.VenvPython(venv);
    }

    /// <summary>Installs the wheel and its dependencies; false when the venv has no pip to run.</summary>
    private static async Task<bool> InstallAsync(string python, AbsolutePath wheel, ProjectMetadata metadata, AbsolutePath venv, AbsolutePath folder, AbsolutePath logs,
        CancellationToken cancellationToken)
    {
        var steps = Plan(wheel, venv, withPip: false).Steps;
        var alone = await RunAsync(python, steps[0].Arguments, folder, steps[0].Environment, logs / "pip-1.log", cancellationToken);
        if (alone.ExitCode != 0 && alone.Output.Any(l => l.Text.Contains("No module named pip", StringComparison.Ordinal)))
            return false;
        if (alone.ExitCode != 0)
            throw new BuildException($"pip failed to {steps[0].Purpose} ({InstallPlan.Display(python, steps[0])}): {Outcome(alone, metadata).ErrorLine}");

        var offline = await RunAsync(python, steps[1].Arguments, folder, steps[1].Environment, logs / "pip-2.log", cancellationToken);
        var outcome = Outcome(offline, metadata);
        if (outcome.Kind == PipOutcomeKind.Installed)
            return true;
        if (outcome.Kind != PipOutcomeKind.DependencyMissing)
            throw new BuildException($"pip failed to {steps[1].Purpose} ({InstallPlan.Display(python, steps[1])}): {outcome.ErrorLine}");

        Log.Information("{Requirement}, which {Wheel} needs, is not installed for the interpreter; asking the package index", outcome.Requirement, wheel.Name);
        var online = await RunAsync(python, steps[2].Arguments, folder, steps[2].Environment, logs / "pip-3.log", cancellationToken);
        var fetched = Outcome(online, metadata);
        if (fetched.Kind != PipOutcomeKind.Installed)
            throw new BuildException(
                $"{metadata.Name}'s dependency {outcome.Requirement} is neither installed for the interpreter nor could pip get it from the package index " +
                $"({InstallPlan.Display(python, steps[2])}): {fetched.ErrorLine}. Install it for the interpreter, or run where the index can be reached.");
        return true;
    }

    private static PipOutcome Outcome(ToolResult result, ProjectMetadata metadata) =>
        PipOutput.Classify(result.ExitCode, result.Output.Select(l => l.Text).ToList(), metadata.Name);

    private static async Task<ToolResult> RunAsync(string executable, IReadOnlyList<string> arguments, AbsolutePath workingDirectory,
        IReadOnlyDictionary<string, string?> environment, AbsolutePath log, CancellationToken cancellationToken)
    {
        var result = await Tool.RunAsync(executable, arguments, new ToolOptions
        {
            WorkingDirectory = workingDirectory,
            Environment = environment,
            LogOutput = false,
            ThrowOnFailure = false,
            Timeout = PipTimeout,
        }, cancellationToken);
        await File.WriteAllTextAsync(log, $"$ {executable} {string.Join(' ', arguments)}{Environment.NewLine}{Text(result)}{Environment.NewLine}(exit code {result.ExitCode}){Environment.NewLine}",
            cancellationToken);
        return result;
    }

    private static string Text(ToolResult result) => string.Join('\n', result.Output.Select(l => l.Text));
}
