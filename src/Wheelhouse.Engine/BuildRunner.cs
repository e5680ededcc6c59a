using System.Diagnostics;
using Spectre.Console;
using Wheelhouse.Engine.CommandLine;
using Wheelhouse.Engine.Execution;
using Wheelhouse.Engine.Hosts;
using Wheelhouse.Engine.Logging;
using Wheelhouse.Engine.Output;
using Wheelhouse.Engine.Parameters;
using Wheelhouse.Engine.Planning;

namespace Wheelhouse.Engine;

/// <summary>
/// One run of a build from the command line: parse, find the root, read parameters, then show help,
/// show the plan, or execute it. User errors end as one paragraph and exit code 1, never a stack trace
/// (unless --verbosity verbose).
/// </summary>
public static class BuildRunner
{
    public const int FailureExitCode = 1;
    public const int CancelledExitCode = 130;

    public static int Run(BuildBase build, string[] args, IReadOnlyList<Func<object, Target>> defaultTargets)
    {
        var verbose = Invocation.Parse(args).Options.GetValueOrDefault("verbosity") is [var level] && level.StartsWith("v", StringComparison.OrdinalIgnoreCase);
        try
        {
            return RunAsync(build, args, defaultTargets).GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            var message = ErrorText.Of(e);
            Console.Out.Flush();
            Console.Error.WriteLine(e is BuildException ? $"error: {message}" : $"error: {message}{Environment.NewLine}This is a fault in the build itself. Run again with --verbosity verbose for the stack trace.");
            if (verbose)
                Console.Error.WriteLine(e.ToString());
            return FailureExitCode;
        }
    }

    private static async Task<int> RunAsync(BuildBase build, string[] args, IReadOnlyList<Func<object, Target>> defaultTargets)
    {
        var invocation = Invocation.Parse(args);
        var environment = ReadEnvironment();
        var workingDirectory = Directory.GetCurrentDirectory();
        var root = FindRoot(invocation.Single("root"), workingDirectory);
        var showHelp = invocation.Has("help");
        var files = showHelp ? [] : LoadParameterFiles(invocation, root);

        // Like NUKE, the parameters files may also name default targets, skips and the verbosity.
        IReadOnlyList<string>? FromFiles(string key) => files.Select(f => f.Find(key)).FirstOrDefault(v => v != null);
        var verbosity = (invocation.Single("verbosity") ?? FromFiles("Verbosity")?.FirstOrDefault()) is { } level
            ? Enum.TryParse<Verbosity>(level, ignoreCase: true, out var parsed) ? parsed : throw new BuildException($"Option --verbosity got '{level}', but it takes one of: quiet, minimal, normal, verbose.")
            : Verbosity.Normal;
        var parallelism = ParseParallelism(invocation.Single("parallel") ?? FromFiles("Parallel")?.FirstOrDefault());
        var host = BuildHost.Detect(environment, invocation.Single("host"));
        var parameters = ParameterDescriptor.FromBuild(build.GetType());
        RejectUnknownOptions(invocation, parameters);

        var values = showHelp ? new ParameterValues(parameters) : ParameterValues.Resolve(parameters, Sources(invocation, environment, files, workingDirectory, root));
        foreach (var parameter in parameters.Where(p => p.Member != null && values.Has(p.Name)))
            parameter.Inject(build, values.Get(parameter.Name));

        var masker = new SecretMasker();
        var context = new BuildContext(root, host, values, masker, verbosity) { Parallelism = parallelism };
        build.Attach(context);
        var graph = TargetGraph.FromBuild(build);
        var defaultTarget = defaultTargets.Select(select => graph.Find(select(build))?.Name).FirstOrDefault();
        BuildSchema.WriteIfChanged(root / ".nuke" / "build.schema.json", BuildSchema.Render(graph, parameters));

        if (showHelp)
        {
            Console.Out.Write(HelpText.Render(graph, parameters, defaultTarget));
            return 0;
        }

        var invoked = invocation.Targets.Count > 0 ? invocation.Targets
            : FromFiles("Target") is { Count: > 0 } fileTargets ? fileTargets
            : defaultTarget != null ? [defaultTarget]
            : throw new BuildException("No target was named and the build has no default target. Name one, for example './build.sh Build'; './build.sh --help' lists them.");
        context.InvokedTargets = invoked;
        var skipped = invocation.Options.GetValueOrDefault("skip") ?? FromFiles("Skip");
        var skip = skipped is null ? SkipRequest.None
            : skipped.Count == 0 ? SkipRequest.Dependencies
            : new SkipRequest(false, skipped);
        var plan = ExecutionPlanner.Plan(graph, invoked, skip);
        context.Plan = plan;
        var extensions = BuildExtensionAttribute.Of(build.GetType());
        var extensionContext = new BuildExtensionContext(build, graph, plan);

        if (invocation.Has("plan"))
        {
            Console.Out.Write(PlanText.Render(plan, extensions.Select(e => e.PlanNotes(extensionContext).ToList()).ToList()));
            var page = context.TemporaryDirectory / "plan.html";
            var pipelines = extensions.SelectMany(e => e.PlanPipelines(extensionContext)).ToList();
            AtomicFile.WriteAllText(page, PlanPage.Render(PlanGraphBuilder.Build(graph, plan, pipelines)));
            Console.Out.WriteLine($"Target graph: {page}");
            if (invocation.Has("open"))
                OpenInBrowser(page);
            return 0;
        }

        CheckRequirements(plan, values);
        foreach (var secret in values.SecretValues)
        {
            host.Mask(secret);
            masker.Add(secret);
        }

        using var log = BuildLog.Create(host, verbosity, context.TemporaryDirectory / "build.log", masker, colours: !Console.IsOutputRedirected);
        Serilog.Log.Logger = log;
        using var cancellation = new CancellationTokenSource();
        var executor = new BuildExecutor(log, host, parallelism);
        Console.CancelKeyPress += (_, e) =>
        {
            if (cancellation.IsCancellationRequested)
            {
                executor.PassOnHeldOutput(); // a second Ctrl-C ends the process at once; what targets printed so far is not lost
                return;
            }

            e.Cancel = true;
            log.Warning("Cancelling: assured targets still run. Press Ctrl-C again to stop at once.");
            cancellation.Cancel();
        };

        foreach (var extension in extensions)
            extension.OnBuildInitialized(extensionContext);
        log.Information("Running {Targets} in {Root}", string.Join(", ", plan.Running.Select(t => t.Name)), root.ToString());
        BuildResult result;
        using (HeldConsoleWriter.Install())
            result = await executor.RunAsync(plan, cancellation.Token);
        // A failure's reason is its exception's first line, which may quote a secret; the summary table and
        // the host's summary print reasons directly, not through the masking log.
        result = result with { Targets = result.Targets.Select(t => t.Reason is { } reason ? t with { Reason = masker.Mask(reason) } : t).ToList() };

        foreach (var line in SummaryTable.PlainLines(result))
            log.Debug("{Line}", line);
        SummaryTable.Write(AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) }), result);
        host.WriteSummary(result);
        foreach (var line in context.ClosingLines)
            Console.Out.WriteLine(line);
        await Serilog.Log.CloseAndFlushAsync();
        return result.Succeeded ? 0 : result.Cancelled ? CancelledExitCode : FailureExitCode;
    }

    /// <summary>--parallel N, or Parallel in the parameters file; by default as many targets as the machine has cores.</summary>
    private static int ParseParallelism(string? value)
    {
        if (value is null)
            return Environment.ProcessorCount;
        return int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count) && count >= 1
            ? count
            : throw new BuildException($"Option --parallel got '{value}', but it takes how many targets may run at once: a whole number, 1 or more (1 runs them one after another).");
    }

    private static ParameterSources Sources(Invocation invocation, IReadOnlyDictionary<string, string> environment, IReadOnlyList<ParametersFile> files, string workingDirectory, AbsolutePath root)
    {
        var options = invocation.Options.Where(o => !BuiltInOptions.IsBuiltIn(o.Key)).ToDictionary(o => o.Key, o => o.Value);
        return new ParameterSources(options, environment, files, workingDirectory, root);
    }

    /// <summary>The profile's file first (its values win), then .nuke/parameters.json.</summary>
    private static List<ParametersFile> LoadParameterFiles(Invocation invocation, AbsolutePath root)
    {
        var files = new List<ParametersFile>();
        if (invocation.Single("profile") is { } profile)
        {
            var profileFile = ParametersFile.Load(root / ".nuke" / $"parameters.{profile}.json", $".nuke/parameters.{profile}.json")
                ?? throw new BuildException($"Profile '{profile}' needs the file .nuke/parameters.{profile}.json, which does not exist. Create it (a JSON object of parameter names and values) or drop --profile.");
            files.Add(profileFile);
        }

        if (ParametersFile.Load(root / ".nuke" / "parameters.json", ".nuke/parameters.json") is { } baseFile)
            files.Add(baseFile);
        return files;
    }

    private static void RejectUnknownOptions(Invocation invocation, IReadOnlyList<ParameterDescriptor> parameters)
    {
        var known = parameters.Select(p => p.ArgumentName).Concat(BuiltInOptions.All.Select(o => o.Name)).ToList();
        foreach (var option in invocation.Options.Keys.Where(o => !known.Contains(o)))
        {
            var suggestions = NameSuggestions.Closest(option, known);
            var hint = suggestions.Count > 0 ? $"Did you mean {string.Join(" or ", suggestions.Select(s => "--" + s))}?" : "Run './build.sh --help' to list the options.";
            throw new BuildException($"Unknown option --{option}. {hint}");
        }
    }

    private static void CheckRequirements(ExecutionPlan plan, ParameterValues values)
    {
        var missing = new List<string>();
        foreach (var parameter in values.Parameters.Where(p => p.IsRequired && !IsSet(values.Get(p.Name))))
            missing.Add($"parameter {parameter.Name} is required (set {parameter.HowToSet})");
        foreach (var target in plan.Running)
        foreach (var requirement in target.Requirements.Where(r => !r.IsSatisfied()))
        {
            var parameter = values.Describe(requirement.MemberName);
            missing.Add(parameter != null
                ? $"target {target.Name} requires parameter {parameter.Name} {requirement.Expectation} (set {parameter.HowToSet})"
                : $"target {target.Name} requires {requirement.MemberName} {requirement.Expectation}");
        }

        if (missing.Count > 0)
            throw new BuildException($"Nothing was run, because {string.Join("; ", missing.Distinct())}.");
    }

    private static bool IsSet(object? value) => value switch
    {
        null => false,
        string text => text.Length > 0,
        Array array => array.Length > 0,
        _ => true,
    };

    /// <summary>--root, or the nearest folder holding .nuke, going up from the working directory.</summary>
    private static AbsolutePath FindRoot(string? requested, string workingDirectory)
    {
        if (requested != null)
        {
            var root = Path.GetFullPath(requested, workingDirectory);
            return Directory.Exists(root) ? AbsolutePath.Create(root) : throw new BuildException($"The --root folder '{requested}' does not exist.");
        }

        for (var directory = new DirectoryInfo(workingDirectory); directory != null; directory = directory.Parent)
        {
            if (Directory.Exists(Path.Combine(directory.FullName, ".nuke")))
                return AbsolutePath.Create(directory.FullName);
        }

        throw new BuildException($"No build root found: neither '{workingDirectory}' nor a folder above it has a .nuke folder. Run the build inside the repository, or pass --root.");
    }

    private static IReadOnlyDictionary<string, string> ReadEnvironment()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
            variables[(string)entry.Key] = (string?)entry.Value ?? "";
        return variables;
    }

    private static void OpenInBrowser(AbsolutePath page)
    {
        var opener = OperatingSystem.IsWindows() ? "explorer" : OperatingSystem.IsMacOS() ? "open" : "xdg-open";
        try
        {
            Process.Start(new ProcessStartInfo(opener, page.ToString()) { UseShellExecute = false })?.Dispose();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Console.Error.WriteLine($"Could not start '{opener}' to open the page; open {page} yourself.");
        }
    }
}
