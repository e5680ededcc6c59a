using System.Globalization;

namespace Wheelhouse.Python.Verification;

/// <summary>What one pytest run in the scratch project left: exit code, output, and the JUnit report if it wrote one.</summary>
public sealed record PytestRun(string Command, int ExitCode, string Output, string? JUnitXml = null);

/// <summary>
/// The proofs that the installed plugin works as a user sees it, each judging one pytest run. Each returns null when the
/// proof holds, else one message saying what was expected and what happened.
/// </summary>
public static class PluginChecks
{
    /// <summary><c>pytest -VV</c> lists the distribution among the plugins it loaded, with the installed version.</summary>
    public static string? PluginListed(PytestRun run, string distribution, string version)
    {
        var plugin = PytestOutput.FindPlugin(run.Output, distribution);
        if (plugin is null)
            return $"expected '{run.Command}' to list {distribution}-{version} among pytest's plugins (installed packages with a pytest11 entry point), " +
                $"but it did not (exit code {run.ExitCode}).{Tail(run.Output)}";
        if (plugin.Version != version)
            return $"expected pytest to load {distribution} {version}, but it lists {plugin.Distribution}-{plugin.Version}{(plugin.Location is null ? "" : $" at {plugin.Location}")}.";
        return run.ExitCode == 0 ? null : $"'{run.Command}' listed {distribution} but exited with code {run.ExitCode}.{Tail(run.Output)}";
    }

    /// <summary><c>pytest --markers</c> lists the plugin's marker.</summary>
    public static string? MarkerRegistered(PytestRun run, string marker)
    {
        if (run.ExitCode != 0)
            return $"expected '{run.Command}' to list the registered markers, but it exited with code {run.ExitCode}.{Tail(run.Output)}";
        return PytestOutput.Marker(run.Output, marker) is null
            ? $"expected '{run.Command}' to list the '@pytest.mark.{marker}' marker, which the plugin registers in pytest_configure, but it is not among the markers."
            : null;
    }

    /// <summary>Against the sample baseline: the improving test passes, the regressing one fails with the plugin's message.</summary>
    public static string? RegressionCaught(PytestRun run)
    {
        var (error, results) = Results(run);
        if (error != null)
            return error;
        var problems = new List<string>();
        var regressing = results[SampleProject.RegressingTest];
        if (regressing.Outcome != TestOutcome.Failed)
            problems.Add($"{SampleProject.NodeId(SampleProject.RegressingTest)} records {SampleProject.Metric} {SampleProject.Score(SampleProject.RegressedScore)} " +
                $"against a baseline of {SampleProject.Score(SampleProject.BaselineScore)} and should fail, but it {Describe(regressing)}");
        else if (!regressing.Message.Contains(SampleProject.ExpectedFailureText, StringComparison.Ordinal))
            problems.Add($"{SampleProject.NodeId(SampleProject.RegressingTest)} failed, but not with the plugin's message '{SampleProject.ExpectedFailureText} ...'; it said: {FirstLines(regressing.Message)}");
        var improving = results[SampleProject.ImprovingTest];
        if (improving.Outcome != TestOutcome.Passed)
            problems.Add($"{SampleProject.NodeId(SampleProject.ImprovingTest)} records {SampleProject.Metric} {SampleProject.Score(SampleProject.ImprovedScore)} " +
                $"against a baseline of {SampleProject.Score(SampleProject.BaselineScore)} and should pass, but it {Describe(improving)}");
        return problems.Count == 0 ? null : string.Join("; ", problems) + ".";
    }

    /// <summary>With <c>--evalcheck-update-baseline</c>: no test fails, and the baseline file holds this run's scores.</summary>
    public static string? BaselineUpdated(PytestRun run, string? baselineText)
    {
        var (error, results) = Results(run);
        if (error != null)
            return error;
        var notPassed = results.Values.Where(r => r.Outcome != TestOutcome.Passed).ToList();
        if (notPassed.Count > 0)
            return $"with {SampleProject.UpdateOption} regressions must not fail tests, but {string.Join(", ", notPassed.Select(r => $"{r.Name} {Describe(r)}"))}.";
        var written = baselineText is null ? null : SampleProject.ReadBaseline(baselineText);
        if (written is null)
            return $"expected '{run.Command}' to rewrite {SampleProject.BaselinePath} with this run's scores, but {(baselineText is null ? "the file is gone" : "it is not a baseline document")}.";
        var expected = new Dictionary<string, double>
        {
            [SampleProject.NodeId(SampleProject.ImprovingTest)] = SampleProject.ImprovedScore,
            [SampleProject.NodeId(SampleProject.RegressingTest)] = SampleProject.RegressedScore,
        };
        var wrong = expected.Where(e => !written.TryGetValue(e.Key, out var v) || Math.Abs(v - e.Value) > 1e-9)
            .Select(e => $"{e.Key} should have {SampleProject.Metric} {SampleProject.Score(e.Value)} but has " +
                (written.TryGetValue(e.Key, out var v) ? v.ToString(CultureInfo.InvariantCulture) : "no entry"))
            .ToList();
        return wrong.Count == 0 ? null : $"{SampleProject.UpdateOption} did not write this run's scores to {SampleProject.BaselinePath}: {string.Join("; ", wrong)}.";
    }

    /// <summary>
    /// The report's test cases, or an error when there is no usable report. Exit codes 0 and 1 (all passed, some failed)
    /// are judged by the outcomes the callers check; any other (usage error, internal error, nothing collected) is an error here.
    /// </summary>
    private static (string? Error, IReadOnlyDictionary<string, TestCaseResult> Tests) Results(PytestRun run)
    {
        var tests = run.JUnitXml is null ? null : PytestOutput.JUnit(run.JUnitXml);
        if (run.ExitCode is not (0 or 1) || tests is null)
            return ($"expected '{run.Command}' to run the sample tests, but it exited with code {run.ExitCode}{ExitCodeMeaning(run.ExitCode)}" +
                $"{(tests is null ? " and wrote no test report" : "")}.{Tail(run.Output)}", new Dictionary<string, TestCaseResult>());
        var missing = new[] { SampleProject.ImprovingTest, SampleProject.RegressingTest }.Where(t => !tests.ContainsKey(t)).ToList();
        if (missing.Count > 0)
            return ($"expected '{run.Command}' to run {string.Join(" and ", missing)}, but the report has {(tests.Count == 0 ? "no tests" : "only " + string.Join(", ", tests.Keys))}.{Tail(run.Output)}", tests);
        return (null, tests);
    }

    private static string Describe(TestCaseResult result) => result.Outcome switch
    {
        TestOutcome.Passed => "passed",
        TestOutcome.Failed => $"failed: {FirstLines(result.Message)}",
        TestOutcome.Error => $"errored: {FirstLines(result.Message)}",
        _ => $"was skipped: {FirstLines(result.Message)}",
    };

    private static string FirstLines(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Take(3);
        return string.Join(" | ", lines);
    }

    private static string ExitCodeMeaning(int exitCode) => exitCode switch
    {
        2 => ": interrupted",
        3 => ": internal error",
        4 => ": usage error",
        5 => ": no tests collected",
        _ => "",
    };

    /// <summary>The last lines of a process's output, indented, for an error message.</summary>
    public static string Tail(string output, int count = 12)
    {
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0).TakeLast(count).ToList();
        return lines.Count == 0 ? "" : Environment.NewLine + "Last output:" + Environment.NewLine + string.Join(Environment.NewLine, lines.Select(l => "  " + l));
    }
}
