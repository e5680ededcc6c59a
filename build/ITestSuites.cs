using Serilog;
using Spectre.Console;
using Wheelhouse.Engine;
using Wheelhouse.Engine.Tooling;
using Wheelhouse.Engine.Tooling.TestSuites;
using Wheelhouse.Python;

/// <summary>Every test suite of the repository: the C# test projects under tests/ and the plugin's pytest tests.</summary>
interface ITestSuites : IPythonInterpreter, ITestToolchain
{
    AbsolutePath TestResultsDirectory => TemporaryDirectory / "test-results";

    /// <summary>
    /// The suites the Test target expects, listed here and nowhere else: a suite that vanishes fails the target
    /// instead of silently adding nothing. A new test project goes on this list.
    /// </summary>
    IReadOnlyList<TestSuite> TestSuites =>
    [
        TestSuite.DotNet("tests/Wheelhouse.Adoption.Tests/Wheelhouse.Adoption.Tests.csproj"),
        TestSuite.DotNet("tests/Wheelhouse.Bootstrap.Tests/Wheelhouse.Bootstrap.Tests.csproj"),
        TestSuite.DotNet("tests/Wheelhouse.Engine.Tests/Wheelhouse.Engine.Tests.csproj"),
        TestSuite.DotNet("tests/Wheelhouse.GitHub.Tests/Wheelhouse.GitHub.Tests.csproj"),
        TestSuite.DotNet("tests/Wheelhouse.PyPI.Tests/Wheelhouse.PyPI.Tests.csproj"),
        TestSuite.DotNet("tests/Wheelhouse.Python.Tests/Wheelhouse.Python.Tests.csproj"),
        TestSuite.Pytest("tests/python"),
    ];

    Target Test => _ => _
        .Description("Run every expected test suite (C# and pytest); fails naming any suite that is missing, crashed, ran no test or failed; the last line is the totals")
        .DependsOn(TestTools)
        .Executes(async cancellationToken =>
        {
            if (TestResultsDirectory.DirectoryExists())
                Directory.Delete(TestResultsDirectory, recursive: true);
            Directory.CreateDirectory(TestResultsDirectory);

            // Found before any suite runs, so a missing pytest stops the target at once rather than after the C# suites.
            var python = TestSuites.Any(s => s.Runner == TestRunner.Pytest)
                ? await InterpreterLocator.FindAsync(Python, ["pytest"], "running the plugin's pytest tests", cancellationToken)
                : null;

            var verdicts = new List<SuiteVerdict>();
            foreach (var suite in TestSuites)
            {
                var run = await RunAsync(suite, python?.Path, cancellationToken);
                var verdict = SuiteJudge.Judge(suite, run);
                foreach (var skipped in verdict.Skipped)
                    Log.Information("Skipped in {Suite}: {Test}: {Reason}", suite.Name, skipped.Name, skipped.Reason);
                if (verdict.Problem is { } problem)
                    Log.Error("{Suite}: {Problem}", suite.Name, problem);
                verdicts.Add(verdict);
            }

            // The list is the source of truth; this only catches a test project that was added without being listed.
            var onDisk = Directory.GetFiles(RootDirectory / "tests", "*.Tests.csproj", SearchOption.AllDirectories)
                .Select(p => Path.GetRelativePath(RootDirectory, p));
            foreach (var unlisted in SuiteJudge.Unlisted(onDisk, TestSuites))
            {
                Log.Error("{Suite}: {Problem}", unlisted.Suite.Name, unlisted.Problem);
                verdicts.Add(unlisted);
            }

            var summary = new TestRunSummary(verdicts);
            foreach (var line in SuiteTable.PlainLines(verdicts))
                Log.Debug("{Line}", line);
            SuiteTable.Write(AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) }), verdicts);
            Context.AddClosingLine(summary.Totals.ToString());
            Log.Information("Tests: {Totals}", summary.Totals.ToString());
            if (summary.FailureMessage(TestResultsDirectory) is { } failure)
                throw new BuildException(failure);
        });

    /// <summary>Runs one suite's runner and collects its exit code and report; a suite whose project or folder is gone does not run.</summary>
    private async Task<SuiteRun> RunAsync(TestSuite suite, string? python, CancellationToken cancellationToken)
    {
        var location = RootDirectory / suite.Location;
        var report = TestResultsDirectory / suite.ReportFileName;
        var options = new ToolOptions { ThrowOnFailure = false, WorkingDirectory = RootDirectory };
        ToolResult result;
        switch (suite.Runner)
        {
            case TestRunner.DotNetTest when location.FileExists():
                result = await Tool.RunAsync("dotnet", ["test", location, "-nologo", "--logger", $"trx;LogFileName={report}", "--results-directory", TestResultsDirectory],
                    options, cancellationToken);
                break;
            case TestRunner.Pytest when location.DirectoryExists():
                result = await Tool.RunAsync(python!, ["-m", "pytest", suite.Location, "-p", "no:cacheprovider", $"--junitxml={report}"], options, cancellationToken);
                break;
            default:
                return SuiteRun.NotFound;
        }

        return SuiteRun.Finished(result.ExitCode, report.FileExists() ? await File.ReadAllTextAsync(report, cancellationToken) : null);
    }
}
