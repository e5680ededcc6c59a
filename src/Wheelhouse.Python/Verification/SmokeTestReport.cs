namespace Wheelhouse.Python.Verification;

/// <summary>What one pytest run left: the command as shown to the user, its exit code, its output (both streams) and its JUnit report, if it wrote one.</summary>
public sealed record PytestRun(string Command, int ExitCode, string Output, string? JUnitXml = null);

/// <summary>
/// Judges the run of the project's smoke tests against the installed package: null when pytest passed them all, else
/// one message naming the tests that did not pass and ending with the tail of pytest's output.
/// </summary>
public static class SmokeTestReport
{
    /// <summary>Lines of pytest's output quoted when the smoke tests fail; the whole output is in the log file.</summary>
    public const int TailLines = 40;

    public static string? Judge(PytestRun run, IReadOnlyList<string> paths, string logFile)
    {
        if (run.ExitCode == 0)
            return null;
        var what = $"the smoke tests ({string.Join(", ", paths)}, from {VerifySettings.Table} in pyproject.toml)";
        var unpassed = PytestOutput.Unpassed(run.Output);
        var reported = run.JUnitXml is null ? null : PytestOutput.JUnitProblems(run.JUnitXml);
        // The short summary cuts messages to the terminal's width; the report has them whole.
        string? Message(UnpassedTest test)
        {
            var (className, name) = PytestOutput.JUnitAddress(test.NodeId);
            var whole = reported?.FirstOrDefault(p => p.ClassName == className && p.Name == name)?.Message.Split('\n')[0].Trim();
            return whole is { Length: > 0 } ? whole : test.Message;
        }

        var head = run.ExitCode switch
        {
            1 when unpassed.Count > 0 =>
                $"{what} failed against the installed package: {string.Join("; ", unpassed.Select(t => $"{t.Outcome} {t.NodeId}{(Message(t) is { } m ? " - " + m : "")}"))}",
            1 => $"{what} failed against the installed package (pytest exit code 1)",
            5 => $"{what} collected no tests (pytest exit code 5): name test files pytest collects (test_*.py) in the paths given",
            _ => $"pytest could not run {what}: '{run.Command}' exited with code {run.ExitCode}{PytestOutput.ExitCodeMeaning(run.ExitCode)}" +
                 (unpassed.Count > 0 ? $"; {string.Join("; ", unpassed.Select(t => $"{t.Outcome} {t.NodeId}"))}" : ""),
        };
        return $"{head}. pytest's whole output: {logFile}.{PytestOutput.Tail(run.Output, TailLines)}";
    }
}
