using System.Globalization;
using Serilog;
using Wheelhouse.Engine;
using Wheelhouse.Engine.Tooling;
using Wheelhouse.Python.Provisioning;

namespace Wheelhouse.Python.Verification;

/// <summary>What to verify and how.</summary>
/// <param name="PackageName">The distribution name (evalcheck).</param>
/// <param name="Version">The exact version to install: NAME==VERSION.</param>
/// <param name="ModuleName">The module to import; by default the name with - replaced by _.</param>
/// <param name="WorkRoot">Where each interpreter gets its folder (venv, scratch project, logs): .nuke/temp/verify in the build.</param>
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
    public string ModuleName { get; init; } = PackageName.Replace('-', '_').Replace('.', '_');
    public Backoff Backoff { get; init; } = Backoff.Default;
    public IRetryClock? Clock { get; init; }
    public Func<double> Random { get; init; } = System.Random.Shared.NextDouble;
    public string Requirement => $"{PackageName}=={Version}";
}

/// <summary>
/// The effects of VerifyInstall: per interpreter, a fresh venv, the exact version installed into it, and the plugin tried
/// on <see cref="SampleProject"/> with the venv's pytest. The decisions are made by the pure types next to it
/// (<see cref="InstallPlan"/>, <see cref="PipOutput"/>, <see cref="RetryLoop"/>, <see cref="PluginChecks"/>).
/// A folder is removed when its interpreter passed and kept when it failed, with pip's and pytest's output in logs/.
/// </summary>
public static class InstallVerifier
{
    private static readonly TimeSpan PipTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan PytestTimeout = TimeSpan.FromMinutes(5);

    public static async Task VerifyAsync(VerificationRequest request, IReadOnlyList<InterpreterProbe> interpreters, CancellationToken cancellationToken = default)
    {
        if (request.Source is DistFolderSource dist)
            CheckDistFolder(dist.Folder, request.PackageName);

        RemoveEarlierRuns(request.WorkRoot);
        var failures = new List<string>();
        var labels = new HashSet<string>(StringComparer.Ordinal);
        foreach (var interpreter in interpreters)
        {
            var label = $"py{interpreter.Version.ToString(2)}";
            for (var n = 2; !labels.Add(label); n++)
                label = $"py{interpreter.Version.ToString(2)}-{n}";
            if (await VerifyOneAsync(request, interpreter, request.WorkRoot / label, cancellationToken) is { } failure)
                failures.Add(failure);
        }

        if (failures.Count == 0)
        {
            Log.Information("{Requirement} from {Source} installs and works with {Count} interpreter(s)", request.Requirement, request.Source.Describe(), interpreters.Count);
            return;
        }

        throw new BuildException(failures.Count == 1 && interpreters.Count == 1
            ? $"Verifying {request.Requirement} from {request.Source.Describe()} failed {failures[0]}"
            : $"Verifying {request.Requirement} from {request.Source.Describe()} failed with {failures.Count} of {interpreters.Count} interpreters:{Environment.NewLine}" +
              string.Join(Environment.NewLine, failures.Select(f => "- " + f)));
    }

    /// <summary>The dist folder must hold some distribution of the package, else the user forgot to build (or passed --skip).</summary>
    public static void CheckDistFolder(AbsolutePath folder, string packageName)
    {
        var wheelPrefix = PipOutput.Normalize(packageName).Replace('-', '_') + "-";
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

    private static async Task<string?> VerifyOneAsync(VerificationRequest request, InterpreterProbe interpreter, AbsolutePath folder, CancellationToken cancellationToken)
    {
        if (folder.DirectoryExists())
            Directory.Delete(folder, recursive: true);
        var logs = folder / "logs";
        Directory.CreateDirectory(logs);
        Log.Information("Verifying {Requirement} from {Source} with {Interpreter} in {Folder}", request.Requirement, request.Source.Describe(), interpreter.ToString(), folder.ToString());

        string? problem;
        try
        {
            problem = await RunProofsAsync(request, interpreter, folder, logs, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            TryDelete(folder);
            throw;
        }
        catch (BuildException e)
        {
            problem = e.Message;
        }

        if (problem is null)
        {
            TryDelete(folder);
            Log.Information("{Interpreter}: {Requirement} installed into a fresh venv; pytest loads the plugin, knows the '{Marker}' marker, fails the regressing sample test and passes the improving one",
                interpreter.ToString(), request.Requirement, SampleProject.Marker);
            return null;
        }

        // The whole message ends the target's error; here only a line, so that with several interpreters the log shows which failed as it goes.
        Log.Information("{Interpreter}: verification failed; the folder {Folder} is kept", interpreter.ToString(), folder.ToString());
        return $"with {interpreter}: {problem.TrimEnd()}{Environment.NewLine}The venv and the sample project are kept in {folder} (pip and pytest output in {logs}) until the next VerifyInstall.";
    }

    /// <summary>Null when every proof held, else the first problem.</summary>
    private static async Task<string?> RunProofsAsync(VerificationRequest request, InterpreterProbe interpreter, AbsolutePath folder, AbsolutePath logs, CancellationToken cancellationToken)
    {
        var venv = folder / "venv";
        var plan = InstallPlan.For(request.PackageName, request.Version, request.Source, request.SystemSitePackages, venv);

        var created = await RunAsync(interpreter.Executable, plan.VenvArguments, folder, VerificationEnvironment.ForPython(), PipTimeout, logs / "venv.log", cancellationToken);
        if (created.ExitCode != 0)
            return $"'{interpreter.Executable} {string.Join(' ', plan.VenvArguments)}' could not make a virtual environment (exit code {created.ExitCode}).{PluginChecks.Tail(Text(created))}";
        var python = VenvPython(venv);

        for (var index = 0; index < plan.Steps.Count; index++)
        {
            if (await InstallAsync(request, python, plan.Steps[index], index + 1, folder, logs, cancellationToken) is { } installProblem)
                return installProblem;
        }

        var project = folder / "project";
        foreach (var (relative, content) in SampleProject.Files)
        {
            var file = project / relative;
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await File.WriteAllTextAsync(file, content, cancellationToken);
        }

        var probe = await RunAsync(python, ["-c", InstalledPackage.Script, request.PackageName, request.ModuleName, request.Version], project,
            VerificationEnvironment.ForPython(), PytestTimeout, logs / "import.log", cancellationToken);
        var installed = InstalledPackage.Parse(probe.StandardOutput);
        if (installed is null)
            return $"the import check in the venv printed no report (exit code {probe.ExitCode}).{PluginChecks.Tail(Text(probe))}";
        if (installed.Problems(request.ModuleName, request.PackageName, request.Version) is { Count: > 0 } problems)
            return string.Join("; ", problems) + ".";
        Log.Information("Imported {Module} {Version} from {File}", request.ModuleName, installed.MetadataVersion, installed.File);
        var installedVersion = installed.MetadataVersion!;

        string[] quiet = ["-p", "no:cacheprovider", "--color=no"];
        var listing = await PytestAsync(python, ["-VV", .. quiet], project, logs / "pytest-version.log", null, cancellationToken);
        if (PluginChecks.PluginListed(listing, request.PackageName, installedVersion) is { } notListed)
            return notListed;
        Log.Information("pytest lists the plugin {Name}-{Version}", request.PackageName, installedVersion);

        var markers = await PytestAsync(python, ["--markers", .. quiet], project, logs / "pytest-markers.log", null, cancellationToken);
        if (PluginChecks.MarkerRegistered(markers, SampleProject.Marker) is { } noMarker)
            return noMarker;
        Log.Information("pytest --markers lists @pytest.mark.{Marker}", SampleProject.Marker);

        var check = await PytestAsync(python, [.. quiet, "--strict-markers", "-rA", SampleProject.TestFile], project, logs / "pytest-check.log", logs / "junit-check.xml", cancellationToken);
        if (PluginChecks.RegressionCaught(check) is { } notCaught)
            return notCaught;
        Log.Information("The regressing sample test failed with \"{Message}\" and the improving one passed", SampleProject.ExpectedFailureText);

        var update = await PytestAsync(python, [.. quiet, "--strict-markers", "-rA", SampleProject.UpdateOption, SampleProject.TestFile], project,
            logs / "pytest-update.log", logs / "junit-update.xml", cancellationToken);
        var baseline = project / SampleProject.BaselinePath;
        if (PluginChecks.BaselineUpdated(update, baseline.FileExists() ? await File.ReadAllTextAsync(baseline, cancellationToken) : null) is { } notUpdated)
            return notUpdated;
        Log.Information("{Option} passed both tests and wrote their scores to {Baseline}", SampleProject.UpdateOption, SampleProject.BaselinePath);
        return null;
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

        RetryResult result;
        if (step.RetryWhileNotVisible)
        {
            result = await RetryLoop.RunAsync(Attempt, request.Backoff, request.TimeLimit, request.Clock ?? new SystemRetryClock(), request.Random,
                (attempt, delay, outcome) => Log.Information(
                    "{Requirement} is not visible on the index yet (attempt {Attempt}; the index lists versions: {Versions}); retrying in {Delay} s",
                    request.Requirement, attempt, outcome.AvailableVersions, delay.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)),
                cancellationToken);
        }
        else
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            var outcome = await Attempt(1, cancellationToken);
            result = new RetryResult(outcome, 1, started.Elapsed, TimedOut: false);
        }

        var last = result.Last;
        var pipSaid = last.ErrorLine is null ? "" : $" pip's last error: \"{last.ErrorLine}\".";
        var seeLog = $" Full output: {logs / $"pip-{number}-attempt-{result.Attempts}.log"}.";
        return (last.Kind, request.Source) switch
        {
            (PipOutcomeKind.Installed, _) => null,
            (PipOutcomeKind.NotVisible, PackageIndexSource index) =>
                $"{request.Requirement} was not found on the index after {result.Attempts} attempt(s) over {result.Elapsed.TotalSeconds:0} s " +
                $"(time limit {request.TimeLimit.TotalSeconds:0} s, --verify-timeout). Tried: {display}; index URLs: {string.Join(", ", index.Urls.Select(IndexUrls.Redact))}; " +
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

    private static async Task<PytestRun> PytestAsync(string python, string[] arguments, AbsolutePath project, AbsolutePath log, AbsolutePath? junit, CancellationToken cancellationToken)
    {
        var all = new List<string> { "-m", "pytest" };
        all.AddRange(arguments);
        if (junit != null)
        {
            if (junit.FileExists())
                File.Delete(junit);
            all.Add($"--junitxml={junit}");
        }

        var result = await RunAsync(python, all, project, VerificationEnvironment.ForPython(), PytestTimeout, log, cancellationToken);
        var command = "pytest " + string.Join(' ', arguments);
        var xml = junit != null && junit.FileExists() ? await File.ReadAllTextAsync(junit, cancellationToken) : null;
        return new PytestRun(command, result.ExitCode, Text(result), xml);
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
        var shown = string.Join(' ', arguments.Select(a => a.Contains('\n') ? "<script>" : IndexUrls.Redact(a)));
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

/// <summary>The VerifyInstall target's parameters, as the build passes them (null: not given).</summary>
public sealed record VerifyInstallParameters(
    AbsolutePath ProjectDirectory,
    AbsolutePath DistDirectory,
    AbsolutePath WorkRoot,
    string? Version = null,
    IReadOnlyList<string>? Pythons = null,
    string? IndexUrl = null,
    string? ExtraIndexUrl = null,
    int? TimeoutSeconds = null,
    bool? SystemSitePackages = null)
{
    public const int DefaultTimeoutSeconds = 300;

    /// <summary>The build's temporary folder: when no interpreter can verify, what it lacks is installed (Debian packages as root). Null: never install.</summary>
    public AbsolutePath? ProvisioningDirectory { get; init; }
}

/// <summary>VerifyInstall from the parameters to the result: what to install, from where, into which kind of venv, with which interpreters.</summary>
public static class InstallVerification
{
    public static async Task RunAsync(VerifyInstallParameters parameters, CancellationToken cancellationToken = default)
    {
        // What to verify: pyproject.toml's [project] when it states it, else the wheel Build made (the backend's own metadata).
        var metadata = Metadata.ProjectMetadataReader.TryReadStatic(parameters.ProjectDirectory) ?? Metadata.BuiltMetadata.TryRead(parameters.DistDirectory)
            ?? throw new BuildException(
                $"{parameters.ProjectDirectory / "pyproject.toml"} does not state the project's name and version (they are dynamic, or in setup.cfg or setup.py), " +
                $"and {parameters.DistDirectory} holds no wheel to read them from. Run ./build.sh Build first (./build.sh VerifyInstall builds unless --skip is given).");
        var name = metadata.Name;
        var version = parameters.Version is { Length: > 0 } given ? given.Trim() : metadata.Version;

        if (parameters.ExtraIndexUrl is { Length: > 0 } && parameters.IndexUrl is not { Length: > 0 })
            throw new BuildException("--verify-extra-index-url is only used together with --verify-index-url (the index to install the package from).");
        PackageSource source = parameters.IndexUrl is { Length: > 0 } url
            ? new PackageIndexSource(IndexUrls.Check(url, "verify-index-url"),
                parameters.ExtraIndexUrl is { Length: > 0 } extra ? IndexUrls.Check(extra, "verify-extra-index-url") : null)
            : new DistFolderSource(parameters.DistDirectory);

        var timeout = parameters.TimeoutSeconds ?? VerifyInstallParameters.DefaultTimeoutSeconds;
        if (timeout < 0)
            throw new BuildException($"--verify-timeout got {timeout}; give the number of seconds to keep retrying (0 for a single attempt).");

        var environment = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value);
        var defaultIndex = IndexProbe.IndexUrl(environment);
        var indexAnswers = source is DistFolderSource && parameters.SystemSitePackages != true
            && await IndexProbe.AnswersAsync(defaultIndex, TimeSpan.FromSeconds(5), cancellationToken);
        var decision = SitePackagesDecision.Decide(source, parameters.SystemSitePackages, indexAnswers, defaultIndex);
        Log.Information("Virtual environments: {Reason}", decision.Reason);

        var required = decision.UseSystemSitePackages ? VerificationInterpreters.DependencyNames(metadata.Dependencies) : [];
        IReadOnlyList<InterpreterProbe> interpreters;
        try
        {
            interpreters = await VerificationInterpreters.FindAsync(parameters.Pythons, required, cancellationToken);
        }
        catch (BuildException) when (parameters.Pythons is not { Count: > 0 } && parameters.ProvisioningDirectory is { } temporary)
        {
            await ProvisionAsync(required, temporary, cancellationToken);
            interpreters = await VerificationInterpreters.FindAsync(parameters.Pythons, required, cancellationToken);
        }

        Log.Information("Interpreters: {Interpreters}", string.Join(", ", interpreters));

        var request = new VerificationRequest(name, version, source, parameters.WorkRoot, decision.UseSystemSitePackages, TimeSpan.FromSeconds(timeout));
        await InstallVerifier.VerifyAsync(request, interpreters, cancellationToken);
    }

    /// <summary>No interpreter can verify: give the system Python what it lacks (venv with pip, the dependencies the venv takes from it).</summary>
    private static async Task ProvisionAsync(IReadOnlyList<string> required, AbsolutePath temporary, CancellationToken cancellationToken)
    {
        var system = await VerificationInterpreters.ProbeAsync(PythonToolchain.DebianPython, PythonToolchain.DebianPython, required, cancellationToken);
        var missing = new List<ToolchainItem>();
        if (system is null)
            missing.Add(ToolchainItem.Program("python3", "python3"));
        if (system is null || !system.HasVenv || system.BundledPip is null)
            missing.Add(new ToolchainItem("venv and ensurepip", "python3-venv", null));
        missing.AddRange(required.Where(d => system?.Distributions.GetValueOrDefault(d) is null).Select(ToolchainItem.PythonDistribution));
        await Provisioner.InstallAsync(missing, "verifying the install (VerifyInstall)", temporary, cancellationToken: cancellationToken);
    }
}
