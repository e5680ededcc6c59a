using System.Globalization;
using Serilog;
using Wheelhouse.Engine;
using Wheelhouse.Engine.Execution;
using Wheelhouse.Engine.Http;
using Wheelhouse.Engine.Tooling;
using Wheelhouse.Python.Inspection;
using Wheelhouse.Python.Metadata;
using Wheelhouse.Python.PluginApi;

namespace Wheelhouse.Python.Verification;

/// <summary>What to verify and how.</summary>
/// <param name="PackageName">The distribution name (pytest-demo).</param>
/// <param name="Version">The exact version to install: NAME==VERSION.</param>
/// <param name="WorkRoot">Where each interpreter gets its folder (venv, scratch folders, logs): .nuke/temp/verify in the build.</param>
/// <param name="SystemSitePackages">Whether the venv sees the system site-packages; see <see cref="SitePackagesDecision"/>.</param>
/// <param name="TimeLimit">How long an install from an index keeps retrying while the version is not visible.</param>
public sealed record VerificationRequest(
    string PackageName,
    string Version,
    PackageSource Source,
    AbsolutePath WorkRoot,
    bool SystemSitePackages,
    TimeSpan TimeLimit)
{
    public Backoff Backoff { get; init; } = Backoff.Default;
    public TimeProvider Time { get; init; } = TimeProvider.System;
    public Func<double> Random { get; init; } = System.Random.Shared.NextDouble;
    public string Requirement => $"{PackageName}=={Version}";

    /// <summary>The project the release was built from: its smoke tests, and the source tree whose API the installed one must equal. Null: neither.</summary>
    public SourceProject? Project { get; init; }

    /// <summary>Where the plugin-API document is written after every interpreter passed (see <see cref="PluginApiLocation"/>). Null: not written.</summary>
    public AbsolutePath? PluginApiDirectory { get; init; }

    /// <summary>How many interpreters are verified at once (the build's --parallel); each one's log lines still come out together, in order.</summary>
    public int Parallelism { get; init; } = 1;
}

/// <summary>The project's folder, its <see cref="VerifySettings"/>, and its own metadata (null when the source tree is not compared).</summary>
public sealed record SourceProject(AbsolutePath Directory, VerifySettings Settings, ProjectMetadata? Metadata);

/// <summary>
/// What a passed verification leaves: the plugin's API as the first interpreter read it, the document it was written to,
/// and what was proved with the first interpreter, in words (as the log shows it).
/// </summary>
public sealed record VerifiedInstall(PluginApiSnapshot Api, AbsolutePath? ApiFile, IReadOnlyList<string> Proved);

/// <summary>
/// The effects of VerifyInstall: per interpreter, a fresh venv with the exact version installed into it, then the proofs
/// every plugin gets, none of which knows a plugin by name:
/// <list type="number">
/// <item>the distribution's modules import from the venv's site-packages, not from a source tree (<see cref="InstalledPackage"/>);</item>
/// <item>its API is read as pytest sees it (<see cref="PluginApiExtractor"/>) and every pytest11 entry point is loaded;</item>
/// <item>the project's smoke tests pass against the installed package (<see cref="SmokeTestFolder"/>, <see cref="SmokeTestReport"/>);</item>
/// <item>the API equals the source tree's: the venv's copy is uninstalled, the source tree put on sys.path as an installed
/// distribution (<see cref="SourceView"/>), its API read the same way and compared (<see cref="ContractComparison"/>).</item>
/// </list>
/// With several interpreters the APIs must be the same; the first one's is written as JSON. A folder is removed when its
/// interpreter passed and kept when it failed, with every tool's output in logs/.
/// </summary>
public static class InstallVerifier
{
    private static readonly TimeSpan PipTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan PytestTimeout = TimeSpan.FromMinutes(10);
    private const string SourceViewPth = "wheelhouse-source-view.pth";

    public static async Task<VerifiedInstall> VerifyAsync(VerificationRequest request, IReadOnlyList<InterpreterProbe> interpreters, CancellationToken cancellationToken = default)
    {
        if (request.Source is DistFolderSource dist)
            CheckDistFolder(dist.Folder, request.PackageName);

        RemoveEarlierRuns(request.WorkRoot);
        // A document left by an earlier run must not outlive a failed one: it would pass for this build's API.
        if (request.PluginApiDirectory is { } directory && PluginApiLocation.FileFor(directory, request.PackageName, request.Version) is var stale && stale.FileExists())
            File.Delete(stale);

        var labels = new HashSet<string>(StringComparer.Ordinal);
        var folders = new List<AbsolutePath>();
        foreach (var interpreter in interpreters)
        {
            var label = $"py{interpreter.Version.ToString(2)}";
            for (var n = 2; !labels.Add(label); n++)
                label = $"py{interpreter.Version.ToString(2)}-{n}";
            folders.Add(request.WorkRoot / label);
        }

        // Each interpreter has its own folder and venv, so they are verified at once; ParallelWork prints each one's lines whole, in order.
        var outcomes = await ParallelWork.RunAsync(Enumerable.Range(0, interpreters.Count).ToList(), request.Parallelism,
            (index, token) => VerifyOneAsync(request, interpreters[index], folders[index], token), cancellationToken);

        var failures = new List<string>();
        (InterpreterProbe Interpreter, PluginApiSnapshot Api, IReadOnlyList<string> Proved)? first = null;
        for (var index = 0; index < interpreters.Count; index++)
        {
            var interpreter = interpreters[index];
            var (failure, api, proved) = outcomes[index];
            if (failure != null)
                failures.Add(failure);
            if (api is null)
                continue;
            if (first is null)
                first = (interpreter, api, proved);
            else if (ContractComparison.Between(first.Value.Api, api) is { Count: > 0 } differences)
                failures.Add($"with {interpreter}: the plugin API differs from the one read with {first.Value.Interpreter} " +
                    $"(pytest {api.PytestVersion} here, {first.Value.Api.PytestVersion} there); the API must be the same for every Python the release supports:" +
                    Environment.NewLine + ContractComparison.Describe(differences, $"Python {first.Value.Interpreter.Version.ToString(2)}", $"Python {interpreter.Version.ToString(2)}"));
        }

        if (failures.Count == 0)
        {
            var api = first!.Value.Api;
            AbsolutePath? file = null;
            if (request.PluginApiDirectory is { } apiDirectory)
            {
                file = PluginApiLocation.FileFor(apiDirectory, request.PackageName, api.Version);
                Directory.CreateDirectory(apiDirectory);
                PluginApiJson.WriteFile(api, file);
                Log.Information("The plugin API of {Distribution} {Version} is in {File}", api.Distribution, api.Version, file.ToString());
            }

            Log.Information("{Requirement} from {Source} installs and works with {Count} interpreter(s)", request.Requirement, request.Source.Describe(), interpreters.Count);
            return new VerifiedInstall(api, file, first.Value.Proved);
        }

        throw new BuildException(failures.Count == 1 && interpreters.Count == 1
            ? $"Verifying {request.Requirement} from {request.Source.Describe()} failed {failures[0]}"
            : $"Verifying {request.Requirement} from {request.Source.Describe()} failed with {failures.Count} of {interpreters.Count} interpreters:{Environment.NewLine}" +
              string.Join(Environment.NewLine, failures.Select(f => "- " + f)));
    }

    /// <summary>The dist folder must hold some distribution of the package, else the user forgot to build (or passed --skip).</summary>
    public static void CheckDistFolder(AbsolutePath folder, string packageName)
    {
        var wheelPrefix = ProjectName.Normalise(packageName).Replace('-', '_') + "-";
        var files = folder.DirectoryExists() ? Directory.GetFiles(folder).Select(Path.GetFileName).OfType<string>().ToList() : [];
        if (files.Any(f => f.StartsWith(wheelPrefix, StringComparison.OrdinalIgnoreCase) && (f.EndsWith(".whl", StringComparison.Ordinal) || f.EndsWith(".tar.gz", StringComparison.Ordinal))))
            return;
        throw new BuildException(
            $"{folder} holds no wheel or sdist of {packageName} ({(files.Count == 0 ? "it is empty or missing" : "it has: " + string.Join(", ", files))}). " +
            "Build them first: ./build.sh VerifyInstall runs Build before it unless --skip is given; to verify what an index serves, pass --verify-index-url.");
    }

    /// <summary>Folders kept by an earlier failed run are removed when the next run starts, so they never pile up.</summary>
    private static void RemoveEarlierRuns(AbsolutePath workRoot)
    {
        if (!workRoot.DirectoryExists())
            return;
        foreach (var earlier in Directory.GetDirectories(workRoot))
        {
            Log.Debug("Removing {Folder}, kept by an earlier run", earlier);
            TryDelete(AbsolutePath.Create(earlier));
        }
    }

    public static string VenvPython(AbsolutePath venv) =>
        OperatingSystem.IsWindows() ? venv / "Scripts" / "python.exe" : venv / "bin" / "python";

    private static async Task<(string? Failure, PluginApiSnapshot? Api, IReadOnlyList<string> Proved)> VerifyOneAsync(VerificationRequest request, InterpreterProbe interpreter, AbsolutePath folder,
        CancellationToken cancellationToken)
    {
        if (folder.DirectoryExists())
            Directory.Delete(folder, recursive: true);
        var logs = folder / "logs";
        Directory.CreateDirectory(logs);
        Log.Information("Verifying {Requirement} from {Source} with {Interpreter} in {Folder}", request.Requirement, request.Source.Describe(), interpreter.ToString(), folder.ToString());

        Proofs proofs;
        try
        {
            proofs = await RunProofsAsync(request, interpreter, folder, logs, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            TryDelete(folder);
            throw;
        }
        catch (BuildException e)
        {
            proofs = new Proofs([e.Message], null, []);
        }

        if (proofs.Problems.Count == 0)
        {
            TryDelete(folder);
            Log.Information("{Interpreter}: {Requirement} installed into a fresh venv and proved: {Proofs}", interpreter.ToString(), request.Requirement, string.Join("; ", proofs.Held));
            return (null, proofs.Api, proofs.Held);
        }

        // The whole message ends the target's error; here only a line, so that with several interpreters the log shows which failed as it goes.
        Log.Information("{Interpreter}: verification failed; the folder {Folder} is kept", interpreter.ToString(), folder.ToString());
        var problems = proofs.Problems.Count == 1
            ? proofs.Problems[0].TrimEnd()
            : string.Join(Environment.NewLine, proofs.Problems.Select((p, i) => $"({i + 1}) {p.TrimEnd()}"));
        var uninstalled = (logs / "pip-uninstall.log").FileExists() ? $" (reading the source tree's API uninstalled {request.PackageName} from the venv)" : "";
        return ($"with {interpreter}: {problems}{Environment.NewLine}The venv{uninstalled} and the scratch folders are kept in {folder} (every tool's output in {logs}) until the next VerifyInstall.", null, []);
    }

    /// <summary>What the proofs found: the problems (empty when all held), the API read from the installed wheel, and what held, for the log.</summary>
    private sealed record Proofs(IReadOnlyList<string> Problems, PluginApiSnapshot? Api, IReadOnlyList<string> Held);

    private static async Task<Proofs> RunProofsAsync(VerificationRequest request, InterpreterProbe interpreter, AbsolutePath folder, AbsolutePath logs, CancellationToken cancellationToken)
    {
        var venv = folder / "venv";
        var plan = InstallPlan.For(request.PackageName, request.Version, request.Source, request.SystemSitePackages, venv);
        Proofs Fail(string problem) => new([problem], null, []);

        var created = await RunAsync(interpreter.Executable, plan.VenvArguments, folder, VerificationEnvironment.ForPython(), PipTimeout, logs / "venv.log", cancellationToken);
        if (created.ExitCode != 0)
            return Fail($"'{interpreter.Executable} {string.Join(' ', plan.VenvArguments)}' could not make a virtual environment (exit code {created.ExitCode}).{PytestOutput.Tail(Text(created))}");
        var python = VenvPython(venv);

        for (var index = 0; index < plan.Steps.Count; index++)
        {
            if (await InstallAsync(request, python, plan.Steps[index], index + 1, folder, logs, cancellationToken) is { } installProblem)
                return Fail(installProblem);
        }

        // 1. The modules import from the venv: run from an empty folder, so no source tree is on sys.path.
        var importFolder = folder / "import";
        Directory.CreateDirectory(importFolder);
        var probe = await RunAsync(python, ["-c", InstalledPackage.Script, request.PackageName, request.Version], importFolder,
            VerificationEnvironment.ForPython(), PytestTimeout, logs / "import.log", cancellationToken);
        var installed = InstalledPackage.Parse(probe.StandardOutput);
        if (installed is null)
            return Fail($"the import check in the venv printed no report (exit code {probe.ExitCode}).{PytestOutput.Tail(Text(probe))}");
        if (installed.Problems(request.PackageName, request.Version) is { Count: > 0 } importProblems)
            return Fail(string.Join("; ", importProblems) + ".");
        var held = new List<string> { $"{string.Join(", ", installed.TopLevel.Select(m => m.Name))} import from the venv's site-packages" };
        Log.Information("Imported {Modules} {Version} from {SitePackages}", string.Join(", ", installed.TopLevel.Select(m => m.Name)), installed.MetadataVersion, installed.PureLib);

        // 2. The API as pytest sees it, and every entry point loaded.
        var api = await PluginApiExtractor.ExtractAsync(python, request.PackageName, folder / "plugin-api" / "installed", cancellationToken);
        Log.Information("Plugin API: {EntryPoints} entry point(s), {Fixtures} fixture(s), {Markers} marker(s), {Ini} ini option(s), {Options} option(s), {Hooks} hookspec(s)",
            api.EntryPoints.Count, api.Fixtures.Count, api.Markers.Count, api.IniOptions.Count, api.Options.Count, api.HookSpecs.Count);
        var problems = new List<string>();
        var notLoaded = api.EntryPoints.Where(e => !e.Loaded).ToList();
        if (notLoaded.Count > 0)
            problems.Add(string.Join("; ", notLoaded.Select(e =>
                $"pytest did not load the pytest11 entry point '{e.Name}' ({(e.Attribute is null ? e.Module : $"{e.Module}:{e.Attribute}")}) of {request.PackageName}: {e.LoadError}")) +
                ". Give each entry point a name no other plugin (pytest's own included) uses: it is the name users pass to -p no:NAME.");
        else
            held.Add(api.EntryPoints.Count == 0 ? "it has no pytest11 entry point" : $"pytest loads its {api.EntryPoints.Count} entry point(s)");

        // 3. The project's smoke tests against the installed package.
        if (request.Project is { Settings.Tests.Count: > 0 } project)
        {
            if (await SmokeTestsAsync(python, project, folder, logs, cancellationToken) is { } smokeProblem)
                problems.Add(smokeProblem);
            else
                held.Add($"the smoke tests ({string.Join(", ", project.Settings.Tests)}) pass");
        }

        // 4. The installed API equals the source tree's. Last: it uninstalls the venv's copy.
        if (request.Project is { Metadata: { } metadata } source)
        {
            if (!DistributionNames.SameVersion(metadata.Version, api.Version))
                Log.Information("The source tree is at version {Source} ({From}), not the installed {Installed}: its plugin API is not compared with the installed one",
                    metadata.Version, metadata.Source, api.Version);
            else if (await SourceContractAsync(request, python, source, metadata, installed, api, folder, logs, cancellationToken) is { } contractProblem)
                problems.Add(contractProblem);
            else
                held.Add("its API equals the source tree's");
        }

        return new Proofs(problems, api, held);
    }

    private static async Task<string?> SmokeTestsAsync(string python, SourceProject project, AbsolutePath folder, AbsolutePath logs, CancellationToken cancellationToken)
    {
        var scratch = folder / "smoke";
        var ini = SmokeTestFolder.Prepare(project.Directory, project.Settings.Tests, scratch);
        var junit = logs / "smoke-tests.xml";
        string[] arguments = ["-m", "pytest", "-rfE", "--color=no", $"--rootdir={scratch}", "-c", ini, $"--junitxml={junit}", .. project.Settings.Tests];
        var log = logs / "smoke-tests.log";
        Log.Information("Running the smoke tests {Paths} against the installed package in {Folder}", string.Join(", ", project.Settings.Tests), scratch.ToString());
        var result = await RunAsync(python, arguments, scratch, VerificationEnvironment.ForPython(), PytestTimeout, log, cancellationToken);
        var report = junit.FileExists() ? await File.ReadAllTextAsync(junit, cancellationToken) : null;
        return SmokeTestReport.Judge(new PytestRun("pytest " + string.Join(' ', arguments.Skip(2)), result.ExitCode, Text(result), report), project.Settings.Tests, log);
    }

    /// <summary>
    /// Reads the source tree's API in the same venv, once the installed copy is gone: <c>pip uninstall</c>, then the
    /// <see cref="SourceView"/> put on sys.path by a .pth file, then the same extraction; null when the two APIs are equal.
    /// </summary>
    private static async Task<string?> SourceContractAsync(VerificationRequest request, string python, SourceProject project, ProjectMetadata metadata,
        InstalledPackage installed, PluginApiSnapshot installedApi, AbsolutePath folder, AbsolutePath logs, CancellationToken cancellationToken)
    {
        var sitePackages = installed.PureLib;
        if (sitePackages is null)
            return $"the venv's site-packages is not among {string.Join(", ", installed.SitePackages)}, so the source tree could not be put on its sys.path to compare the plugin API.";
        SourceView view;
        try
        {
            view = SourceView.Create(project.Directory, project.Settings.SourceRoots, metadata, installed.TopLevel.Select(m => m.Name), folder / "source-view");
        }
        catch (BuildException e)
        {
            return e.Message + ".";
        }

        string[] uninstall = ["-m", "pip", "uninstall", "--yes", .. InstallPlan.CommonPipOptions, request.PackageName];
        var removed = await RunAsync(python, uninstall, folder, VerificationEnvironment.ForPip(request.Source), PipTimeout, logs / "pip-uninstall.log", cancellationToken);
        if (removed.ExitCode != 0)
            return $"'pip uninstall {request.PackageName}' in the venv failed (exit code {removed.ExitCode}), so the source tree's plugin API could not be read.{PytestOutput.Tail(Text(removed))}";

        var pth = AbsolutePath.Create(Path.Combine(sitePackages, SourceViewPth));
        File.WriteAllText(pth, view.Folder + "\n");
        Log.Information("Reading the source tree's plugin API ({Origins}, metadata from {Metadata})", string.Join(", ", view.Origins.Values), metadata.Source);
        PluginApiSnapshot sourceApi;
        try
        {
            sourceApi = await PluginApiExtractor.ExtractAsync(python, request.PackageName, folder / "plugin-api" / "source", cancellationToken);
        }
        catch (BuildException e)
        {
            return $"the source tree's plugin API (read with the venv's copy uninstalled and {string.Join(", ", view.Origins.Values)} on sys.path) could not be read: {e.Message}";
        }
        finally
        {
            File.Delete(pth);
        }

        var missing = view.Modules.Except(installed.Modules, StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
        if (missing.Count > 0)
            Log.Warning("The source tree has module(s) the installed wheel lacks: {Modules}", string.Join(", ", missing.Order(StringComparer.Ordinal)));
        var differences = ContractComparison.Between(installedApi, sourceApi);
        if (differences.Count == 0)
            return null;
        var cause = missing.Count > 0
            ? $"The source tree has module(s) the wheel lacks: {string.Join(", ", missing.Order(StringComparer.Ordinal))}. Make the build backend's settings (packages, include, exclude) put them in the wheel, and build again."
            : "Is the wheel older than the source tree? Build again (./build.sh Build).";
        return $"the plugin API of the installed wheel differs from the source tree's ({string.Join(", ", view.Origins.Values)}):{Environment.NewLine}" +
            ContractComparison.Describe(differences, "the installed wheel", "the source tree", module => missing.Contains(module) ? "defined in a module the wheel lacks" : null) +
            Environment.NewLine + cause;
    }

    private static async Task<string?> InstallAsync(VerificationRequest request, string python, PipStep step, int number, AbsolutePath folder, AbsolutePath logs, CancellationToken cancellationToken)
    {
        var display = InstallPlan.Display(python, step);
        Log.Information("pip: {Purpose}", step.Purpose);

        async Task<PipOutcome> Attempt(int attempt, CancellationToken token)
        {
            var result = await RunAsync(python, step.Arguments, folder, step.Environment, PipTimeout, logs / $"pip-{number}-attempt-{attempt}.log", token);
            return PipOutput.Classify(result.ExitCode, result.Output.Select(l => l.Text).ToList(), request.PackageName);
        }

        PollResult<PipOutcome> result;
        if (step.RetryWhileNotVisible)
        {
            result = await Polling.UntilAsync(Attempt, outcome => outcome.Kind == PipOutcomeKind.NotVisible, request.Backoff, request.TimeLimit, request.Time, request.Random,
                (attempt, delay, outcome) => Log.Information(
                    "{Requirement} is not visible on the index yet (attempt {Attempt}; the index lists versions: {Versions}); retrying in {Delay} s",
                    request.Requirement, attempt, outcome.AvailableVersions, delay.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)),
                cancellationToken);
        }
        else
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            var outcome = await Attempt(1, cancellationToken);
            result = new PollResult<PipOutcome>(outcome, 1, started.Elapsed, TimedOut: false);
        }

        var last = result.Last;
        var pipSaid = last.ErrorLine is null ? "" : $" pip's last error: \"{last.ErrorLine}\".";
        var seeLog = $" Full output: {logs / $"pip-{number}-attempt-{result.Attempts}.log"}.";
        return (last.Kind, request.Source) switch
        {
            (PipOutcomeKind.Installed, _) => null,
            (PipOutcomeKind.NotVisible, PackageIndexSource index) =>
                $"{request.Requirement} was not found on the index after {result.Attempts} attempt(s) over {result.Elapsed.TotalSeconds:0} s " +
                $"(time limit {request.TimeLimit.TotalSeconds:0} s, --verify-timeout). Tried: {display}; index URLs: {string.Join(", ", index.Urls.Select(DisplaySafeUrl.Show))}; " +
                $"versions the index lists: {last.AvailableVersions}.{pipSaid} If the upload just finished, the index may need longer: raise --verify-timeout. " +
                "Otherwise check that this version was uploaded to that index.",
            (PipOutcomeKind.NotVisible, DistFolderSource dist) =>
                $"{dist.Folder} has no distribution of {request.Requirement} (pip sees versions: {last.AvailableVersions}). " +
                $"Rebuild with ./build.sh Build, or pass --verify-version.{pipSaid}",
            (PipOutcomeKind.DependencyMissing, PackageIndexSource) =>
                $"{request.PackageName} was found, but its dependency {last.Requirement} is not on the index(es) pip was given ({display}).{pipSaid} " +
                "A test index such as TestPyPI rarely has the dependencies: pass the real index as --verify-extra-index-url https://pypi.org/simple/.",
            (PipOutcomeKind.DependencyMissing, _) when request.SystemSitePackages =>
                $"{request.PackageName}'s dependency {last.Requirement} is not installed for the interpreter, and without the package index it must come from the system site-packages.{pipSaid}",
            (PipOutcomeKind.DependencyMissing, _) =>
                $"{request.PackageName}'s dependency {last.Requirement} could not be found on the package index ({display}).{pipSaid}",
            (PipOutcomeKind.Unreachable, _) =>
                $"pip could not reach the package index while trying to {step.Purpose} ({display}): {last.ErrorLine}. Check the URL, the network and any proxy settings.",
            _ => $"pip failed to {step.Purpose} ({display}).{pipSaid}{seeLog}",
        };
    }

    private static async Task<ToolResult> RunAsync(string executable, IReadOnlyList<string> arguments, AbsolutePath workingDirectory,
        IReadOnlyDictionary<string, string?> environment, TimeSpan timeout, AbsolutePath log, CancellationToken cancellationToken)
    {
        var result = await Tool.RunAsync(executable, arguments, new ToolOptions
        {
            WorkingDirectory = workingDirectory,
            Environment = environment,
            LogOutput = false,
            ThrowOnFailure = false,
            Timeout = timeout,
        }, cancellationToken);
        var shown = string.Join(' ', arguments.Select(a => a.Contains('\n') ? "<script>" : DisplaySafeUrl.Show(a)));
        await File.WriteAllTextAsync(log, $"$ {executable} {shown}{Environment.NewLine}{Text(result)}{Environment.NewLine}(exit code {result.ExitCode}){Environment.NewLine}", cancellationToken);
        return result;
    }

    /// <summary>Both streams in the order the lines came.</summary>
    private static string Text(ToolResult result) => string.Join('\n', result.Output.Select(l => l.Text));

    private static void TryDelete(AbsolutePath folder)
    {
        try
        {
            if (folder.DirectoryExists())
                Directory.Delete(folder, recursive: true);
        }
        catch (IOException e)
        {
            Log.Warning("Could not remove {Folder}: {Message}", folder.ToString(), e.Message);
        }
        catch (UnauthorizedAccessException e)
        {
            Log.Warning("Could not remove {Folder}: {Message}", folder.ToString(), e.Message);
        }
    }
}
