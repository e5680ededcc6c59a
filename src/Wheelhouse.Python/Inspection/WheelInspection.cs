using System.Diagnostics;
using Serilog;
using Serilog.Events;
using Spectre.Console;
using Wheelhouse.Engine;

namespace Wheelhouse.Python.Inspection;

/// <summary>
/// InspectWheel's effects around the pure <see cref="Inspector"/>: list and read dist/, print the findings and a line
/// per file (the table too when asked), write the JSON report, and fail when an error remains.
/// </summary>
public static class WheelInspection
{
    /// <param name="metadata">What the build backend reports, for a project whose pyproject.toml does not state it all; null: pyproject.toml.</param>
    /// <param name="buildFiles">The files of the build that runs the inspection, which the sdist must not hold; null: the bootstrap's alone.</param>
    /// <param name="table">Print every check's result for every file (--verbosity verbose); otherwise only the findings and a line of counts per file.</param>
    /// <param name="log">Where the findings and counts go; null: the build's log.</param>
    public static InspectionReport Run(
        AbsolutePath distDirectory, AbsolutePath pyProject, string? releaseTag, AbsolutePath reportFile,
        IAnsiConsole? console = null, InspectionLimits? limits = null, string tagFormat = ProjectExpectations.DefaultTagFormat, CancellationToken cancellationToken = default,
        Metadata.ProjectMetadata? metadata = null, BuildBackendFacts? backend = null, BuildOwnFiles? buildFiles = null, IReadOnlyList<string>? readmeInterpreters = null,
        bool table = false, ILogger? log = null)
    {
        var report = Inspect(distDirectory, pyProject, releaseTag, limits, tagFormat, cancellationToken, metadata, backend, buildFiles, readmeInterpreters);

        log ??= Log.Logger;
        if (table)
        {
            console ??= AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
            if (Console.IsOutputRedirected && console.Profile.Width < 160)
                console.Profile.Width = 160; // logs of CI runs: do not wrap the table at 80 columns
            ReportTable.Write(console, report);
        }
        else
        {
            // The whole table still reaches the log file (.nuke/temp/build.log), below the console's level.
            foreach (var line in ReportTable.PlainLines(report))
                log.Debug("{Line}", line);
        }

        // The table ends with the summary already.
        foreach (var line in ReportFindings.Lines(report, summary: !table))
        {
            log.Write(line.Kind switch
            {
                FindingLineKind.Error => LogEventLevel.Error,
                FindingLineKind.Warning => LogEventLevel.Warning,
                FindingLineKind.Ignored => LogEventLevel.Debug,
                _ => LogEventLevel.Information,
            }, "{Line}", line.Text);
        }

        WriteReport(report, distDirectory, reportFile);
        log.Information("Inspection report: {Report}", reportFile.ToString());
        if (!report.Passed)
            throw new BuildException(
                $"InspectWheel found {report.Errors} error(s) in {distDirectory}; see the findings above and {reportFile}. Fix them and rebuild, or, when a finding is intended, silence its check by ID in pyproject.toml: [{ProjectExpectations.SettingsTable}] ignore = [\"{report.Findings.First(f => !f.Ignored && f.Severity == Severity.Error).Check.Id}\"].");
        return report;
    }

    /// <summary>
    /// The interpreters asked to render READMEs as PyPI does, in order, when the caller names none: Debian's python3
    /// (python3-readme-renderer), then the python3 on PATH.
    /// </summary>
    public static IReadOnlyList<string> DefaultReadmeInterpreters =>
        new[] { Provisioning.PythonToolchain.DebianPython, ExecutableSearch.Resolve("python3") }.OfType<string>().Where(File.Exists).Distinct().ToList();

    /// <summary>The inspection without output: list dist/, read pyproject.toml and every distribution, run the checks.</summary>
    /// <param name="readmeInterpreters">Where to run readme_renderer (null: <see cref="DefaultReadmeInterpreters"/>; empty: READMEs are not rendered, M014 and M015 do not run).</param>
    public static InspectionReport Inspect(
        AbsolutePath distDirectory, AbsolutePath pyProject, string? releaseTag, InspectionLimits? limits = null,
        string tagFormat = ProjectExpectations.DefaultTagFormat, CancellationToken cancellationToken = default, Metadata.ProjectMetadata? metadata = null,
        BuildBackendFacts? backend = null, BuildOwnFiles? buildFiles = null, IReadOnlyList<string>? readmeInterpreters = null)
    {
        var fileNames = distDirectory.DirectoryExists()
            ? Directory.GetFiles(distDirectory).Select(Path.GetFileName).OfType<string>().Where(n => !n.StartsWith('.')).Order(StringComparer.Ordinal).ToList()
            : [];
        if (fileNames.Count == 0)
            throw new BuildException($"{distDirectory} {(distDirectory.DirectoryExists() ? "is empty" : "does not exist")}: there is nothing to inspect. Run ./build.sh Build first (./build.sh InspectWheel without --skip builds before inspecting).");

        var clock = Stopwatch.StartNew();
        var distBytes = fileNames.Sum(n => new FileInfo(distDirectory / n).Length);
        using var noGc = NoGcRegion.Enter(NoGcRegion.BudgetFor(distBytes));
        // pyproject.toml is parsed, and for a large dist/ the checks are compiled, while the distributions are read.
        var loading = Task.Factory.StartNew(() =>
        {
            var expectations = ProjectExpectations.Load(pyProject, releaseTag, tagFormat) with { Backend = backend, BuildFiles = buildFiles ?? BuildOwnFiles.Bootstrap };
            return metadata is null ? expectations : expectations.WithMetadata(metadata);
        }, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var warmUp = distBytes > WarmUp.WorthItAbove
            ? WarmUp.Start(withSdist: fileNames.Any(DistributionReader.IsSdist))
            : Task.CompletedTask;
        var inputs = Read(distDirectory, fileNames, limits ?? InspectionLimits.Default, cancellationToken);
        var project = loading.GetAwaiter().GetResult();
        warmUp.Wait(cancellationToken);
        var interpreters = readmeInterpreters ?? DefaultReadmeInterpreters;
        Readme.WarehouseAnswers? warehouse = null;
        if (readmeInterpreters is not { Count: 0 })
        {
            // PyPI renders the README with readme_renderer and may know newer classifiers: a Python process, only when there is something to ask.
            var (descriptions, classifiers, licenses) = Inspector.Questions(inputs);
            var asking = Stopwatch.StartNew();
            warehouse = Readme.WarehousePython.AskAsync(interpreters, descriptions, classifiers, licenses, cancellationToken).GetAwaiter().GetResult();
            if (descriptions.Count + classifiers.Count + licenses.Count > 0)
                Log.Debug("Asked {Interpreter} to render {Count} README(s) in {Milliseconds} ms", warehouse.Interpreter ?? "(none)", descriptions.Count, asking.ElapsedMilliseconds);
        }

        var report = Inspector.Inspect(inputs, project, warehouse);
        Log.Debug("Read and checked {Count} file(s) of dist/ in {Milliseconds} ms", fileNames.Count, clock.ElapsedMilliseconds);
        return report;
    }

    /// <summary>Whether dist/ holds an sdist whose name is not PEP 625's (then S001 can say which backend version wrote it).</summary>
    public static bool HasOldStyleSdistName(AbsolutePath distDirectory) =>
        distDirectory.DirectoryExists() && Directory.GetFiles(distDirectory, "*.tar.gz").Select(Path.GetFileName).OfType<string>()
            .Select(SdistFileName.TryParse).OfType<SdistFileName>()
            .Any(n => n.Name != ProjectName.FileNameFormOf(n.Name));

    public static void WriteReport(InspectionReport report, AbsolutePath distDirectory, AbsolutePath reportFile) =>
        AtomicFile.WriteAllBytes(reportFile, ReportJson.Serialize(report, distDirectory));

    /// <summary>
    /// Reads every distribution; a refused archive becomes an input with its refusal. Each sdist streams through
    /// one gzip inflater, so sdists are read on threads of their own, while the wheels, each of which shares the
    /// cores among threads of its own, are read one after another on the calling thread.
    /// </summary>
    public static IReadOnlyList<DistributionInput> Read(AbsolutePath distDirectory, IReadOnlyList<string> fileNames, InspectionLimits limits, CancellationToken cancellationToken = default)
    {
        var inputs = new DistributionInput[fileNames.Count];
        void ReadOne(int i) => inputs[i] = ReadInput(distDirectory, fileNames[i], limits, cancellationToken);

        var sdists = Enumerable.Range(0, fileNames.Count).Where(i => DistributionReader.IsSdist(fileNames[i]))
            .Select(i => Task.Factory.StartNew(() => ReadOne(i), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default))
            .ToList();
        for (var i = 0; i < fileNames.Count; i++)
        {
            if (!DistributionReader.IsSdist(fileNames[i]))
                ReadOne(i);
        }

        foreach (var sdist in sdists)
            sdist.GetAwaiter().GetResult();
        return inputs;
    }

    private static DistributionInput ReadInput(AbsolutePath distDirectory, string name, InspectionLimits limits, CancellationToken cancellationToken)
    {
        var path = distDirectory / name;
        var size = new FileInfo(path).Length;
        if (!DistributionReader.IsWheel(name) && !DistributionReader.IsSdist(name))
            return new DistributionInput(name, size);
        try
        {
            return new DistributionInput(name, size, DistributionReader.Read(path, Inspector.ContentToKeep(name), limits, cancellationToken));
        }
        catch (ArchiveRefusedException refused)
        {
            return new DistributionInput(name, size, Refusal: refused);
        }
    }
}
