using Serilog;
using Wheelhouse.Engine;
using Wheelhouse.Engine.Tooling;
using Wheelhouse.Python;

/// <summary>Every test suite of the repository: the C# test projects under tests/ and the plugin's pytest tests.</summary>
interface ITestSuites : IPythonInterpreter, ITestToolchain
{
    AbsolutePath TestResultsDirectory => TemporaryDirectory / "test-results";

    Target Test => _ => _
        .Description("Run the C# tests and the plugin's pytest tests; the last line is the totals over all suites")
        .DependsOn(TestTools)
        .Executes(async cancellationToken =>
        {
            if (TestResultsDirectory.DirectoryExists())
                Directory.Delete(TestResultsDirectory, recursive: true);
            Directory.CreateDirectory(TestResultsDirectory);

            var totals = TestTotals.None;
            var broken = new List<string>();
            // *.Tests.csproj only: tests/Wheelhouse.TestSupport is a library the suites share, with no tests (and no report) of its own.
            foreach (var project in Directory.GetFiles(RootDirectory / "tests", "*.Tests.csproj", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileNameWithoutExtension(project);
                var report = TestResultsDirectory / $"{name}.trx";
                await Tool.RunAsync("dotnet", ["test", project, "-nologo", "--logger", $"trx;LogFileName={report}", "--results-directory", TestResultsDirectory],
                    new ToolOptions { ThrowOnFailure = false, WorkingDirectory = RootDirectory }, cancellationToken);
                totals += Count(report, TestTotals.FromTrx, name, broken);
            }

            var python = await InterpreterLocator.FindAsync(Python, ["pytest"], "running the plugin's pytest tests", cancellationToken);
            var junit = TestResultsDirectory / "pytest.xml";
            await Tool.RunAsync(python.Path, ["-m", "pytest", "tests/python", "-p", "no:cacheprovider", $"--junitxml={junit}"],
                new ToolOptions { ThrowOnFailure = false, WorkingDirectory = RootDirectory }, cancellationToken);
            totals += Count(junit, TestTotals.FromJUnit, "pytest", broken);

            Context.AddClosingLine(totals.ToString());
            Log.Information("Tests: {Totals}", totals.ToString());
            if (broken.Count > 0)
                throw new BuildException($"These suites wrote no test report, so they did not run to the end: {string.Join(", ", broken)}. Their output is above.");
            if (totals.Failed > 0)
                throw new BuildException($"{totals.Failed} test(s) failed; see the output above and the reports in {TestResultsDirectory}.");
        });

    /// <summary>A suite that left no report counts as one failure, so the totals never look better than the run.</summary>
    private static TestTotals Count(AbsolutePath report, Func<string, TestTotals> read, string suite, List<string> broken)
    {
        if (report.FileExists())
            return read(report);
        broken.Add(suite);
        return new TestTotals(0, 1, 0);
    }
}
